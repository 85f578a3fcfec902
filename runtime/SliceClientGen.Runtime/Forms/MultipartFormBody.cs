using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Forms;

/// <summary>
/// Builds a <c>multipart/form-data</c> body part by part, as generated forms do: text parts (strings, numbers and
/// booleans as invariant text, timestamps as RFC 3339), file parts read from their streams as they are sent, and
/// JSON parts (<c>application/json</c>) for objects and other structured values. A null value adds no part; a
/// required part that is null is an error naming the part.
/// </summary>
public sealed class MultipartFormBody
{
    private readonly MultipartFormDataContent _content = new();

    private MultipartFormBody()
    {
    }

    /// <summary>The body of <paramref name="form"/>, sent once (requests with such a body are not retried).</summary>
    /// <param name="form">The generated form.</param>
    /// <returns>The content to send.</returns>
    public static HttpContent ToContent(IMultipartForm form)
    {
        if (form is null)
        {
            throw new ArgumentNullException(nameof(form));
        }

        var body = new MultipartFormBody();
        form.WriteParts(body);
        return body._content;
    }

    /// <summary>Adds a text part.</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="value">The text, or null for no part.</param>
    /// <param name="required">Whether the document requires the part (a null value then throws).</param>
    public void AddText(string name, string? value, bool required = false)
    {
        if (Present(name, value, required))
        {
            _content.Add(new StringContent(value!), name);
        }
    }

    /// <summary>Adds a number as a text part (invariant culture).</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="value">The number, or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddText(string name, long? value, bool required = false) =>
        AddText(name, value?.ToString(CultureInfo.InvariantCulture), required);

    /// <summary>Adds a number as a text part (invariant culture, round-trip precision).</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="value">The number, or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddText(string name, double? value, bool required = false) =>
        AddText(name, value?.ToString("R", CultureInfo.InvariantCulture), required);

    /// <summary>Adds <c>true</c> or <c>false</c> as a text part.</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="value">The value, or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddText(string name, bool? value, bool required = false) =>
        AddText(name, value is { } flag ? (flag ? "true" : "false") : null, required);

    /// <summary>Adds a timestamp as an RFC 3339 text part.</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="value">The timestamp, or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddText(string name, DateTimeOffset? value, bool required = false) =>
        AddText(name, value is { } time ? JsonModelWriter.FormatRfc3339(time) : null, required);

    /// <summary>Adds one text part per item, all with the same name.</summary>
    /// <param name="name">The parts' name.</param>
    /// <param name="values">The texts (null items are left out), or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddTexts(string name, IEnumerable<string?>? values, bool required = false)
    {
        if (Present(name, values, required))
        {
            foreach (string? value in values!)
            {
                AddText(name, value);
            }
        }
    }

    /// <summary>Adds a file part, read from its stream as it is sent.</summary>
    /// <param name="name">The part's name.</param>
    /// <param name="file">The file, or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddFile(string name, FormFile? file, bool required = false)
    {
        if (!Present(name, file, required))
        {
            return;
        }

        var part = new StreamContent(new NonDisposingStream(file!.Content));
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(file.ContentType ?? "application/octet-stream");
        if (file.FileName is { } fileName)
        {
            _content.Add(part, name, fileName);
        }
        else
        {
            _content.Add(part, name);
        }
    }

    /// <summary>Adds one file part per item, all with the same name.</summary>
    /// <param name="name">The parts' name.</param>
    /// <param name="files">The files (null items are left out), or null for no part.</param>
    /// <param name="required">Whether the document requires the part.</param>
    public void AddFiles(string name, IEnumerable<FormFile?>? files, bool required = false)
    {
        if (Present(name, files, required))
        {
            foreach (FormFile? file in files!)
            {
                AddFile(name, file);
            }
        }
    }

    /// <summary>Adds a JSON part (<c>application/json</c>) written by a generated writer.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="name">The part's name.</param>
    /// <param name="value">The value (not null: callers add nothing for a null value).</param>
    /// <param name="write">The generated writer for <typeparamref name="T"/>.</param>
    public void AddJson<T>(string name, T value, JsonValueWriter<T> write)
    {
        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, value, JsonModelOptions.Default);
        }

        var part = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        _content.Add(part, name);
    }

    private static bool Present(string name, object? value, bool required)
    {
        if (value is not null)
        {
            return true;
        }

        if (required)
        {
            throw new ArgumentException("The multipart/form-data part '" + name + "' is required by the document but was not set.");
        }

        return false;
    }

    /// <summary>The caller's stream, which the content must not dispose.</summary>
    private sealed class NonDisposingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

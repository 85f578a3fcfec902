using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// One operation call as generated code describes it: method, path template with escaped parameters, the
/// query parameters that are set, headers and a JSON body. It creates a fresh <see cref="HttpRequestMessage"/>
/// per attempt, so a retried request sends the same bytes.
/// </summary>
public sealed class ApiRequest
{
    private static readonly char[] HeaderBreaks = { '\r', '\n', '\0' };

    private readonly string _pathTemplate;
    private readonly List<KeyValuePair<string, string>> _pathValues = new();
    private readonly StringBuilder _query = new();
    private List<KeyValuePair<string, string>>? _headers;
    private byte[]? _body;
    private HttpContent? _content;
    private string? _bodyMediaType;
    private string? _path;

    /// <summary>Starts a request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathTemplate">The path from the document, such as <c>/api/v1/namespaces/{namespace}/pods</c>.</param>
    /// <param name="operationId">The operation's id (or generated name), for diagnostics.</param>
    public ApiRequest(HttpMethod method, string pathTemplate, string operationId)
    {
        Method = method ?? throw new ArgumentNullException(nameof(method));
        _pathTemplate = pathTemplate ?? throw new ArgumentNullException(nameof(pathTemplate));
        OperationId = operationId ?? string.Empty;
    }

    /// <summary>The HTTP method.</summary>
    public HttpMethod Method { get; }

    /// <summary>The operation's id, for diagnostics.</summary>
    public string OperationId { get; }

    /// <summary>The media type accepted in responses. Defaults to <c>application/json</c>.</summary>
    public string Accept { get; set; } = "application/json";

    /// <summary>True for GET, HEAD and OPTIONS: requests that may be retried.</summary>
    public bool IsIdempotent => _content is null && (Method == HttpMethod.Get || Method == HttpMethod.Head || Method == HttpMethod.Options);

    /// <summary>The escaped path with parameters substituted (no query string).</summary>
    public string Path => _path ??= BuildPath();

    /// <summary>The query string that is sent, starting with <c>?</c>, or empty.</summary>
    public string Query => _query.ToString();

    /// <summary>The JSON body bytes, when there is a body.</summary>
    public ReadOnlyMemory<byte> Body => _body;

    /// <summary>Substitutes a path parameter, escaped as one RFC 3986 path segment.</summary>
    /// <param name="name">The parameter's name in the template.</param>
    /// <param name="value">The value; it may contain any character, including <c>/</c>, <c>%</c> and spaces.</param>
    /// <returns>This request.</returns>
    /// <exception cref="ArgumentException">The value is empty, <c>.</c> or <c>..</c>, which no URL path can carry as a segment.</exception>
    public ApiRequest WithPath(string name, string value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, "The path parameter '" + name + "' is required.");
        }

        if (value.Length == 0 || value == "." || value == "..")
        {
            throw new ArgumentException("The path parameter '" + name + "' may not be " + (value.Length == 0 ? "empty" : "'" + value + "'") + ": it would change the request path.", name);
        }

        _pathValues.Add(new KeyValuePair<string, string>(name, Uri.EscapeDataString(value)));
        _path = null;
        return this;
    }

    /// <inheritdoc cref="WithPath(string, string)"/>
    public ApiRequest WithPath(string name, long value) => WithPath(name, value.ToString(CultureInfo.InvariantCulture));

    /// <inheritdoc cref="WithPath(string, string)"/>
    public ApiRequest WithPath(string name, bool value) => WithPath(name, value ? "true" : "false");

    /// <summary>Adds a query parameter when <paramref name="value"/> is not null.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithQuery(string name, string? value)
    {
        if (value is not null)
        {
            _query.Append(_query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    /// <summary>Adds a boolean query parameter (<c>true</c>/<c>false</c>) when set.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithQuery(string name, bool? value) => WithQuery(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds an integer query parameter when set.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithQuery(string name, long? value) => WithQuery(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number query parameter when set.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithQuery(string name, double? value) => WithQuery(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds a date-time query parameter (RFC 3339) when set.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value, or null to leave the parameter out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithQuery(string name, DateTimeOffset? value) => WithQuery(name, value is null ? null : JsonModelWriter.FormatRfc3339(value.Value));

    /// <summary>Adds an array query parameter as repeated keys (<c>a=1&amp;a=2</c>) when set.</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="values">The values, or null to leave the parameter out; null items are skipped.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithQuery(string name, IEnumerable<string?>? values)
    {
        if (values is not null)
        {
            foreach (string? value in values)
            {
                WithQuery(name, value);
            }
        }

        return this;
    }

    /// <summary>Adds a request header when <paramref name="value"/> is not null.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value, or null to leave the header out.</param>
    /// <returns>This request.</returns>
    /// <exception cref="ArgumentException">The value contains CR, LF or NUL, which would end the header and start another.</exception>
    public ApiRequest WithHeader(string name, string? value)
    {
        if (value is not null)
        {
            // Headers are added without validation (any format the document allows), so line breaks are refused here:
            // HttpClient would send them as they are, letting a value inject headers.
            if (value.IndexOfAny(HeaderBreaks) >= 0)
            {
                throw new ArgumentException("The header '" + name + "' may not contain line breaks (CR, LF) or NUL characters.", name);
            }

            (_headers ??= new()).Add(new KeyValuePair<string, string>(name, value));
        }

        return this;
    }

    /// <summary>Replaces every header named <paramref name="name"/> (case-insensitively) with <paramref name="value"/>, or removes them when it is null.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value, or null to send no such header.</param>
    internal void SetHeader(string name, string? value)
    {
        _headers?.RemoveAll(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase));
        WithHeader(name, value);
    }

    /// <summary>Whether every attempt can send the same request again (false when its body is caller-built content, which is sent once).</summary>
    internal bool CanResend => _content is null;

    /// <summary>Adds a boolean header (<c>true</c>/<c>false</c>) when set.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value, or null to leave the header out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithHeader(string name, bool? value) => WithHeader(name, value is null ? null : value.Value ? "true" : "false");

    /// <summary>Adds an integer header when set.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value, or null to leave the header out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithHeader(string name, long? value) => WithHeader(name, value?.ToString(CultureInfo.InvariantCulture));

    /// <summary>Adds a number header when set.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value, or null to leave the header out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithHeader(string name, double? value) => WithHeader(name, value?.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Adds a date-time header (RFC 3339) when set.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value, or null to leave the header out.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithHeader(string name, DateTimeOffset? value) => WithHeader(name, value is null ? null : JsonModelWriter.FormatRfc3339(value.Value));

    /// <summary>Sets the media type asked for in <c>Accept</c>.</summary>
    /// <param name="mediaType">The media type the document declares for the success response.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithAccept(string mediaType)
    {
        Accept = mediaType ?? throw new ArgumentNullException(nameof(mediaType));
        return this;
    }

    /// <summary>Sends caller-built content (a body whose media type is not JSON). It is sent once: requests with such a body are not retried.</summary>
    /// <param name="content">The content, with its Content-Type set by the caller.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithContent(HttpContent content)
    {
        _content = content ?? throw new ArgumentNullException(nameof(content));
        return this;
    }

    /// <summary>Sends a binary body read from <paramref name="body"/> as it is sent (not buffered). It is sent once: requests with such a body are not retried.</summary>
    /// <param name="body">The bytes to send; not disposed.</param>
    /// <param name="mediaType">The Content-Type the document declares, e.g. <c>application/octet-stream</c>.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithStreamBody(Stream body, string mediaType)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        var content = new StreamContent(new NonDisposingStream(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        return WithContent(content);
    }

    /// <summary>
    /// Sends <paramref name="value"/> as an <c>application/x-www-form-urlencoded</c> body: each top-level JSON
    /// property its generated writer writes is one field (strings as they are, numbers and booleans as JSON text,
    /// arrays as repeated fields, objects as their JSON text, nulls left out).
    /// </summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="value">The body.</param>
    /// <param name="write">The generated writer for <typeparamref name="T"/>.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithFormBody<T>(T value, JsonValueWriter<T> write)
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

        var fields = new List<KeyValuePair<string, string>>();
        using (JsonDocument document = JsonDocument.Parse(buffer.WrittenMemory))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("A form body must be an object.", nameof(value));
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement item in property.Value.EnumerateArray())
                    {
                        AddField(fields, property.Name, item);
                    }
                }
                else
                {
                    AddField(fields, property.Name, property.Value);
                }
            }
        }

        return WithContent(new FormUrlEncodedContent(fields));
    }

    private static void AddField(List<KeyValuePair<string, string>> fields, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return;
            case JsonValueKind.String:
                fields.Add(new KeyValuePair<string, string>(name, value.GetString()!));
                return;
            default:
                fields.Add(new KeyValuePair<string, string>(name, value.GetRawText()));
                return;
        }
    }

    /// <summary>The caller's stream, which the content must not dispose.</summary>
    private sealed class NonDisposingStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Serializes <paramref name="value"/> now (once, for every attempt) as the body.</summary>
    /// <typeparam name="T">The body type.</typeparam>
    /// <param name="value">The body.</param>
    /// <param name="write">The generated writer for <typeparamref name="T"/>.</param>
    /// <param name="mediaType">The Content-Type the document declares, e.g. <c>application/json</c>.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithJsonBody<T>(T value, JsonValueWriter<T> write, string mediaType)
    {
        if (write is null)
        {
            throw new ArgumentNullException(nameof(write));
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                write(writer, value, JsonModelOptions.Default);
            }
        }

        _body = buffer.WrittenSpan.ToArray();
        _bodyMediaType = mediaType;
        return this;
    }

    /// <summary>Sends <paramref name="value"/> as the body, as-is.</summary>
    /// <param name="value">A JSON value the caller built.</param>
    /// <param name="mediaType">The Content-Type the document declares, e.g. <c>application/merge-patch+json</c>.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithJsonBody(JsonNode? value, string mediaType) =>
        WithJsonBody(value, static (writer, node, _) => node!.WriteTo(writer), mediaType);

    /// <summary>Sends <paramref name="value"/> as the body, as-is.</summary>
    /// <param name="value">A JSON value the caller parsed or built.</param>
    /// <param name="mediaType">The Content-Type the document declares.</param>
    /// <returns>This request.</returns>
    public ApiRequest WithJsonBody(JsonElement value, string mediaType) =>
        value.ValueKind == JsonValueKind.Undefined
            ? throw new ArgumentException("The request body is an undefined JsonElement (default(JsonElement)); pass a parsed JSON value.", nameof(value))
            : WithJsonBody(value, static (writer, element, _) => element.WriteTo(writer), mediaType);

    /// <summary>Creates the message for one attempt.</summary>
    /// <param name="baseAddress">The absolute base address; its path is kept as a prefix.</param>
    /// <returns>A new request message.</returns>
    public HttpRequestMessage CreateMessage(Uri baseAddress)
    {
        var message = new HttpRequestMessage(Method, ResolveUri(baseAddress));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Accept));
        if (_headers is not null)
        {
            foreach (KeyValuePair<string, string> header in _headers)
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        if (_body is not null)
        {
            var content = new ByteArrayContent(_body);
            content.Headers.ContentType = new MediaTypeHeaderValue(_bodyMediaType ?? "application/json");
            message.Content = content;
        }
        else if (_content is not null)
        {
            message.Content = _content;
        }

        return message;
    }

    /// <summary>The absolute request URI: the base address (its path kept), the escaped path and the query.</summary>
    /// <param name="baseAddress">The absolute base address.</param>
    /// <returns>The request URI.</returns>
    public Uri ResolveUri(Uri baseAddress)
    {
        if (baseAddress is null || !baseAddress.IsAbsoluteUri)
        {
            throw new InvalidOperationException("The request needs an absolute base address (HttpClient.BaseAddress or ApiClientOptions.BaseAddress); got '" + baseAddress + "'.");
        }

        string root = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return new Uri(root + Path + Query, UriKind.Absolute);
    }

    private string BuildPath()
    {
        var builder = new StringBuilder(_pathTemplate.Length + 32);
        int i = 0;
        while (i < _pathTemplate.Length)
        {
            int open = _pathTemplate.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(_pathTemplate, i, _pathTemplate.Length - i);
                break;
            }

            int close = _pathTemplate.IndexOf('}', open);
            if (close < 0)
            {
                builder.Append(_pathTemplate, i, _pathTemplate.Length - i);
                break;
            }

            builder.Append(_pathTemplate, i, open - i);
            string name = _pathTemplate.Substring(open + 1, close - open - 1);
            builder.Append(Lookup(name));
            i = close + 1;
        }

        string path = builder.ToString();
        return path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path;
    }

    private string Lookup(string name)
    {
        foreach (KeyValuePair<string, string> pair in _pathValues)
        {
            if (pair.Key == name)
            {
                return pair.Value;
            }
        }

        throw new InvalidOperationException("The path parameter '" + name + "' of " + OperationId + " has no value.");
    }
}

using System;
using System.IO;
using System.Text;

namespace SliceClientGen.Runtime.Auth;

/// <summary>PEM text, either inline (kubeconfig <c>*-data</c>, base64-decoded) or in a file that is re-read when it changes.</summary>
public sealed class PemSource
{
    private PemSource(string? path, string? text, string description)
    {
        Path = path;
        Text = text;
        Description = description;
    }

    /// <summary>The file, when the PEM lives in one.</summary>
    public string? Path { get; }

    /// <summary>The inline PEM text, when given inline.</summary>
    internal string? Text { get; }

    /// <summary>What this is, for messages (never the content).</summary>
    public string Description { get; }

    /// <summary>PEM from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The source.</returns>
    public static PemSource FromFile(string path) =>
        new(path ?? throw new ArgumentNullException(nameof(path)), null, "file " + path);

    /// <summary>PEM text given inline.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="description">What it is, for messages, such as <c>client-key-data of user 'admin'</c>.</param>
    /// <returns>The source.</returns>
    public static PemSource FromText(string pem, string description = "inline PEM") =>
        new(null, pem ?? throw new ArgumentNullException(nameof(pem)), description);

    /// <summary>PEM given as base64 (kubeconfig <c>certificate-authority-data</c>, <c>client-certificate-data</c>, <c>client-key-data</c>).</summary>
    /// <param name="base64">The base64 text.</param>
    /// <param name="description">What it is, for messages.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FormatException">The text is not base64; the message names <paramref name="description"/> only.</exception>
    public static PemSource FromBase64(string base64, string description)
    {
        try
        {
            return new PemSource(null, Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim())), description);
        }
        catch (FormatException e)
        {
            throw new FormatException(description + " is not valid base64.", e);
        }
    }

    /// <summary>The PEM text now (files are read).</summary>
    internal string Read()
    {
        if (Text is not null)
        {
            return Text;
        }

        try
        {
            return File.ReadAllText(Path!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException("The " + Description + " cannot be read: " + e.Message, e);
        }
    }

    /// <summary>The file's last write time, or null for inline text or a missing file.</summary>
    internal DateTime? Stamp()
    {
        if (Path is null)
        {
            return null;
        }

        try
        {
            return File.GetLastWriteTimeUtc(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Description;
}

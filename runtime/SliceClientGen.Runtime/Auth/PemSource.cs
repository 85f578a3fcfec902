using System;
using System.IO;
using System.Text;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// PEM text for <see cref="TlsMaterial"/>: inline (kubeconfig <c>*-data</c>, base64-decoded) or in a file that
/// is read again when its content changes. <see cref="ToString"/> and messages show <see cref="Description"/>,
/// never the content.
/// </summary>
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

    /// <summary>What this is, for messages (never the content): <c>file '/etc/ca.crt'</c>, <c>client-key-data of user 'admin' in '/home/me/.kube/config'</c>.</summary>
    public string Description { get; }

    /// <summary>PEM from a file (read when the material is created, then again when it changes).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The source.</returns>
    public static PemSource FromFile(string path) =>
        new(path ?? throw new ArgumentNullException(nameof(path)), null, "file '" + path + "'");

    /// <summary>PEM text given inline.</summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="description">What it is, for messages, such as <c>client-key-data of user 'admin'</c>.</param>
    /// <returns>The source.</returns>
    public static PemSource FromText(string pem, string description = "inline PEM") =>
        new(null, pem ?? throw new ArgumentNullException(nameof(pem)), description ?? throw new ArgumentNullException(nameof(description)));

    /// <summary>PEM given as base64 (kubeconfig <c>certificate-authority-data</c>, <c>client-certificate-data</c>, <c>client-key-data</c>).</summary>
    /// <param name="base64">The base64 text.</param>
    /// <param name="description">What it is, for messages.</param>
    /// <returns>The source.</returns>
    /// <exception cref="FormatException">The text is not base64; the message names <paramref name="description"/> only.</exception>
    public static PemSource FromBase64(string base64, string description)
    {
        if (base64 is null)
        {
            throw new ArgumentNullException(nameof(base64));
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException e)
        {
            // The original message is generic; the text itself (a key, perhaps) is never quoted.
            throw new FormatException(description + " is not valid base64.", e);
        }

        return new PemSource(null, Encoding.UTF8.GetString(bytes), description);
    }

    /// <summary>The PEM text now (a file is read).</summary>
    /// <exception cref="ClusterCredentialException">The file cannot be read.</exception>
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
            throw new ClusterCredentialException("The " + Description + " cannot be read: " + e.Message, e);
        }
    }

    /// <summary>
    /// A hash of the file's content (null for inline text). Content, not the modification time: mounted
    /// Secrets and ConfigMaps rotate by swapping a symlink, which leaves the file's own link untouched.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read (perhaps mid-rotation).</exception>
    internal byte[]? Stamp() => Path is null ? null : FileStamp.Of(Path);

    /// <inheritdoc />
    public override string ToString() => Description;
}

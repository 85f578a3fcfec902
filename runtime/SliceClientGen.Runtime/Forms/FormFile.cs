using System;
using System.IO;

namespace SliceClientGen.Runtime.Forms;

/// <summary>A file part of a <c>multipart/form-data</c> body: bytes read from a stream as they are sent.</summary>
public sealed class FormFile
{
    /// <summary>A file part.</summary>
    /// <param name="content">The bytes to send, read as they are sent; not disposed.</param>
    /// <param name="fileName">The file name sent in the part's Content-Disposition, or null for none.</param>
    /// <param name="contentType">The part's Content-Type; null sends <c>application/octet-stream</c>.</param>
    public FormFile(Stream content, string? fileName = null, string? contentType = null)
    {
        Content = content ?? throw new ArgumentNullException(nameof(content));
        FileName = fileName;
        ContentType = contentType;
    }

    /// <summary>The bytes to send.</summary>
    public Stream Content { get; }

    /// <summary>The file name sent with the part, or null.</summary>
    public string? FileName { get; }

    /// <summary>The part's Content-Type, or null for <c>application/octet-stream</c>.</summary>
    public string? ContentType { get; }
}

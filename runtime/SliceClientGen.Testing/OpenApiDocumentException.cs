using System;

namespace SliceClientGen.Testing;

/// <summary>An OpenAPI document given to the embedded server cannot be read; the message names the file and the place.</summary>
public sealed class OpenApiDocumentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OpenApiDocumentException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

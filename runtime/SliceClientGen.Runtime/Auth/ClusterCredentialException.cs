using System;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// Credentials could not be had: a token file cannot be read, an exec plugin failed or printed something
/// that is not an ExecCredential, a certificate or key cannot be loaded. The message says what and where
/// (file, command, kubeconfig key); it never holds a token, a key or a plugin's standard output.
/// </summary>
public sealed class ClusterCredentialException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and where.</param>
    public ClusterCredentialException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    /// <param name="message">What failed and where.</param>
    /// <param name="innerException">The cause.</param>
    public ClusterCredentialException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

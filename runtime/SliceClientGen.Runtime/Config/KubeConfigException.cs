using System;

namespace SliceClientGen.Runtime.Config;

/// <summary>
/// A kubeconfig cannot be used: it is not valid YAML, a context, cluster or user is missing, or a value is
/// wrong. The message says what and where (file, context, key); values that may be secret (tokens, keys,
/// certificate data) are never quoted.
/// </summary>
public sealed class KubeConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and where.</param>
    /// <param name="filePath">The kubeconfig file, when one is to blame.</param>
    /// <param name="contextName">The context being loaded, if known.</param>
    /// <param name="key">The key at fault, such as <c>users[admin].user.client-key-data</c>.</param>
    /// <param name="innerException">The cause, or null.</param>
    public KubeConfigException(string message, string? filePath = null, string? contextName = null, string? key = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        ContextName = contextName;
        Key = key;
    }

    /// <summary>The kubeconfig file at fault, if one is.</summary>
    public string? FilePath { get; }

    /// <summary>The context being loaded, if known.</summary>
    public string? ContextName { get; }

    /// <summary>The key at fault, such as <c>clusters[prod].cluster.server</c>, if one is.</summary>
    public string? Key { get; }
}

using Xunit.Sdk;

namespace SliceClientGen.Tests.Infrastructure;

/// <summary>Thrown when a snapshot has no verified file or differs from it; the message holds the diff.</summary>
public sealed class SnapshotMismatchException : XunitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What differs, where the received file is, and how to accept it.</param>
    /// <param name="receivedPath">The received file just written.</param>
    public SnapshotMismatchException(string message, string receivedPath)
        : base(message)
    {
        ReceivedPath = receivedPath;
    }

    /// <summary>The received file just written.</summary>
    public string ReceivedPath { get; }
}

using System;

namespace SliceClientGen.Runtime.Watch;

/// <summary>
/// The type of a watch event: ADDED, MODIFIED, DELETED, BOOKMARK, ERROR, or any other value a newer server
/// sends (an open enum: unknown types pass through instead of failing the watch).
/// </summary>
public readonly struct WatchEventType : IEquatable<WatchEventType>
{
    /// <summary>An object was added (or, at the start of a watch without a resourceVersion, exists).</summary>
    public static WatchEventType Added { get; } = new("ADDED");

    /// <summary>An object changed.</summary>
    public static WatchEventType Modified { get; } = new("MODIFIED");

    /// <summary>An object was deleted; the event carries its last state.</summary>
    public static WatchEventType Deleted { get; } = new("DELETED");

    /// <summary>No change: the object carries only a newer resourceVersion to resume from.</summary>
    public static WatchEventType Bookmark { get; } = new("BOOKMARK");

    /// <summary>The server reports an error (a Status); the watch raises it as an exception.</summary>
    public static WatchEventType Error { get; } = new("ERROR");

    /// <summary>Creates a type from its wire value.</summary>
    /// <param name="value">The wire value.</param>
    public WatchEventType(string value) => _value = value ?? throw new ArgumentNullException(nameof(value));

    private readonly string? _value;

    /// <summary>The wire value.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>True for the five types Kubernetes defines.</summary>
    public bool IsKnown => Value is "ADDED" or "MODIFIED" or "DELETED" or "BOOKMARK" or "ERROR";

    /// <inheritdoc />
    public bool Equals(WatchEventType other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is WatchEventType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Compares wire values.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>True when equal.</returns>
    public static bool operator ==(WatchEventType left, WatchEventType right) => left.Equals(right);

    /// <summary>Compares wire values.</summary>
    /// <param name="left">The left value.</param>
    /// <param name="right">The right value.</param>
    /// <returns>True when different.</returns>
    public static bool operator !=(WatchEventType left, WatchEventType right) => !left.Equals(right);
}

using System.ComponentModel;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// What a generated open enum hands the runtime so that <see cref="JsonOpenEnumConverter{T}"/> reads and writes it: the
/// values the document lists, and a way to wrap a wire string. A generated enum implements the static members
/// explicitly, so they are in no completion list.
/// </summary>
/// <typeparam name="TSelf">The generated enum.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IJsonOpenEnum<TSelf>
    where TSelf : struct, IJsonOpenEnum<TSelf>
{
    /// <summary>The values the document lists, in document order.</summary>
    static abstract JsonOpenEnumValues KnownValues { get; }

    /// <summary>The value as it appears in JSON.</summary>
    string Value { get; }

    /// <summary>Wraps a wire value (the same string instance: a listed value read from JSON is the listed string).</summary>
    /// <param name="value">The value as it appears in JSON.</param>
    /// <returns>The enum value.</returns>
    static abstract TSelf FromValue(string value);
}

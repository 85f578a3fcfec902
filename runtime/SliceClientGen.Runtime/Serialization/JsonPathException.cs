using System;
using System.Text.Json;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// A <see cref="JsonException"/> raised by a generated converter. It names the JSON path of the offending
/// value relative to the object being read (<c>$.endpoints[3].conditions.ready</c>) in <see cref="JsonException.Path"/>
/// and in its message. Generated converters add one segment per level as the exception travels up.
/// </summary>
public sealed class JsonPathException : JsonException
{
    private JsonPathException(string problem, string relativePath, Exception? innerException)
        : base(problem.TrimEnd() + " Path: $" + relativePath + ".", "$" + relativePath, null, null, innerException)
    {
        Problem = problem;
        RelativePath = relativePath;
    }

    /// <summary>What is wrong, without the path.</summary>
    public string Problem { get; }

    /// <summary>The path below the root object, e.g. <c>.endpoints[3].conditions.ready</c>.</summary>
    internal string RelativePath { get; }

    /// <summary>A new exception for a problem at the current value (the path grows as it propagates).</summary>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The exception to throw.</returns>
    public static JsonPathException Create(string problem) => new(problem, string.Empty, null);

    /// <summary>Prefixes the path of <paramref name="inner"/> with a property segment.</summary>
    /// <param name="inner">The exception raised while reading the property's value.</param>
    /// <param name="propertyName">The JSON property name.</param>
    /// <returns>The exception to throw instead.</returns>
    public static JsonPathException AtProperty(JsonException inner, string propertyName) => Wrap(inner, PropertySegment(propertyName));

    /// <summary>Prefixes the path of <paramref name="inner"/> with an array index segment.</summary>
    /// <param name="inner">The exception raised while reading the element.</param>
    /// <param name="index">The element index.</param>
    /// <returns>The exception to throw instead.</returns>
    public static JsonPathException AtIndex(JsonException inner, int index) =>
        Wrap(inner, "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]");

    private static JsonPathException Wrap(JsonException inner, string segment) => inner is JsonPathException path
        ? new JsonPathException(path.Problem, segment + path.RelativePath, path.InnerException ?? path)
        : new JsonPathException(inner.Message, segment, inner);

    private static string PropertySegment(string name)
    {
        foreach (char c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_' && c != '-')
            {
                return "['" + name.Replace("\\", "\\\\").Replace("'", "\\'") + "']";
            }
        }

        return "." + name;
    }
}

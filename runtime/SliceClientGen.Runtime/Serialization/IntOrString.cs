using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SliceClientGen.Runtime.Serialization;

/// <summary>
/// A value that is either a 32-bit integer or a string, as the document marks with <c>format: int-or-string</c> or
/// <c>x-kubernetes-int-or-string</c> (a Service port's <c>targetPort</c>: <c>8080</c> or <c>"http"</c>; a rolling
/// update's <c>maxSurge</c>: <c>1</c> or <c>"25%"</c>). It keeps which one it is: <c>8080</c> and <c>"8080"</c> stay
/// different and each is written back as it was read.
/// </summary>
[JsonConverter(typeof(IntOrString.JsonConverter))]
public readonly struct IntOrString : IEquatable<IntOrString>
{
    private readonly string? _string;
    private readonly int _int;

    /// <summary>The integer reading.</summary>
    /// <param name="value">The integer.</param>
    public IntOrString(int value)
    {
        _int = value;
        _string = null;
    }

    /// <summary>The string reading.</summary>
    /// <param name="value">The string.</param>
    public IntOrString(string value)
    {
        _string = value ?? throw new ArgumentNullException(nameof(value));
        _int = 0;
    }

    /// <summary>True when the value is an integer (also for <c>default</c>, which is 0).</summary>
    public bool IsInt => _string is null;

    /// <summary>True when the value is a string.</summary>
    public bool IsString => _string is not null;

    /// <summary>The integer.</summary>
    /// <exception cref="InvalidOperationException">The value is a string.</exception>
    public int IntValue => _string is null ? _int : throw new InvalidOperationException("The value is the string \"" + _string + "\", not an integer.");

    /// <summary>The string.</summary>
    /// <exception cref="InvalidOperationException">The value is an integer.</exception>
    public string StringValue => _string ?? throw new InvalidOperationException("The value is the integer " + _int.ToString(CultureInfo.InvariantCulture) + ", not a string.");

    /// <summary>The integer, when the value is one.</summary>
    /// <param name="value">The integer, or 0.</param>
    /// <returns>Whether the value is an integer.</returns>
    public bool TryGetInt(out int value)
    {
        value = _int;
        return _string is null;
    }

    /// <summary>The string, when the value is one.</summary>
    /// <param name="value">The string, or null.</param>
    /// <returns>Whether the value is a string.</returns>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = _string;
        return _string is not null;
    }

    /// <summary>
    /// The value as a count out of <paramref name="total"/>, as Kubernetes reads <c>maxSurge</c> and
    /// <c>maxUnavailable</c>: an integer as it is, a percentage (<c>"25%"</c>) of the total, rounded up or down.
    /// </summary>
    /// <param name="total">What a percentage is of.</param>
    /// <param name="roundUp">Round a fractional result up (true) or down.</param>
    /// <returns>The count.</returns>
    /// <exception cref="FormatException">The value is a string that is not an integer percentage.</exception>
    public int GetScaledValue(int total, bool roundUp)
    {
        if (_string is null)
        {
            return _int;
        }

        if (!_string.EndsWith("%", StringComparison.Ordinal)
            || !int.TryParse(_string.AsSpan(0, _string.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int percent))
        {
            throw new FormatException("\"" + _string + "\" is not an integer or a percentage such as \"25%\".");
        }

        double scaled = (double)percent * total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }

    /// <summary>The integer reading.</summary>
    /// <param name="value">The integer.</param>
    public static implicit operator IntOrString(int value) => new(value);

    /// <summary>The string reading.</summary>
    /// <param name="value">The string.</param>
    public static implicit operator IntOrString(string value) => new(value);

    /// <summary>Same reading and same value.</summary>
    public static bool operator ==(IntOrString left, IntOrString right) => left.Equals(right);

    /// <summary>Different reading or value.</summary>
    public static bool operator !=(IntOrString left, IntOrString right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(IntOrString other) => _string is null ? other._string is null && _int == other._int : string.Equals(_string, other._string, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IntOrString other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _string is null ? _int : StringComparer.Ordinal.GetHashCode(_string);

    /// <summary>The integer in invariant culture, or the string.</summary>
    public override string ToString() => _string ?? _int.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads and writes <see cref="IntOrString"/> as a JSON number or string.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class JsonConverter : JsonConverter<IntOrString>
    {
        /// <inheritdoc/>
        public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader, options);

        /// <inheritdoc/>
        public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options) => WriteValue(writer, value, options);

        /// <summary>Reads a JSON integer or string at the reader's current token.</summary>
        /// <param name="reader">The reader, on the value.</param>
        /// <param name="options">Unused; matches <see cref="JsonValueReader{T}"/>.</param>
        /// <returns>The value.</returns>
        /// <exception cref="JsonException">The token is neither a 32-bit integer nor a string.</exception>
        public static IntOrString ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => new IntOrString(reader.GetString()!),
            JsonTokenType.Number when reader.TryGetInt32(out int value) => new IntOrString(value),
            _ => throw JsonModelReader.Unexpected(ref reader, "an integer or a string"),
        };

        /// <summary>Writes the value as a JSON number or string, as it was read.</summary>
        /// <param name="writer">The writer.</param>
        /// <param name="value">The value.</param>
        /// <param name="options">Unused; matches <see cref="JsonValueWriter{T}"/>.</param>
        public static void WriteValue(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
        {
            if (value.TryGetString(out string? text))
            {
                writer.WriteStringValue(text);
            }
            else
            {
                writer.WriteNumberValue(value._int);
            }
        }
    }
}

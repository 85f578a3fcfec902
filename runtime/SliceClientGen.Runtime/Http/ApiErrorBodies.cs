using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// The error bodies one operation declares, by status code (<c>404</c>), range (<c>4XX</c>) or
/// <c>default</c>. Generated clients build one immutable instance per distinct set and share it.
/// A status the operation does not declare is still parsed when every declared error body has the same
/// type (Kubernetes answers every error with a Status), so a 410 or 500 Status is typed too.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // Plumbing for generated code; users call the generated methods.
public sealed class ApiErrorBodies
{
    private readonly Dictionary<string, ErrorBody> _byStatus = new(StringComparer.OrdinalIgnoreCase);
    private ErrorBody? _single;
    private bool _mixed;

    /// <summary>No declared error bodies: every error is a plain <see cref="ApiException"/>.</summary>
    public static ApiErrorBodies None { get; } = new();

    /// <summary>Declares the error body for a status.</summary>
    /// <typeparam name="TError">The generated error type.</typeparam>
    /// <param name="status">A status code (<c>"404"</c>), a range (<c>"4XX"</c>) or <c>"default"</c>.</param>
    /// <param name="read">The generated reader for <typeparamref name="TError"/>.</param>
    /// <returns>A new instance with the entry added (instances are immutable once shared).</returns>
    public ApiErrorBodies Add<TError>(string status, JsonValueReader<TError> read)
        where TError : class
    {
        var copy = new ApiErrorBodies();
        foreach (KeyValuePair<string, ErrorBody> entry in _byStatus)
        {
            copy.Register(entry.Key, entry.Value);
        }

        copy.Register(status, new ErrorBody<TError>(read ?? throw new ArgumentNullException(nameof(read))));
        return copy;
    }

    private void Register(string status, ErrorBody body)
    {
        _byStatus[status] = body;
        if (_single is null && !_mixed)
        {
            _single = body;
        }
        else if (_single is not null && _single.ErrorType != body.ErrorType)
        {
            _single = null;
            _mixed = true;
        }
    }

    /// <summary>The declared body for <paramref name="statusCode"/>, else the shared type of all declared bodies, else null.</summary>
    internal ErrorBody? Find(int statusCode)
    {
        string code = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (_byStatus.TryGetValue(code, out ErrorBody? exact))
        {
            return exact;
        }

        if (code.Length == 3 && _byStatus.TryGetValue(code[0] + "XX", out ErrorBody? range))
        {
            return range;
        }

        return _byStatus.TryGetValue("default", out ErrorBody? fallback) ? fallback : _single;
    }

    /// <summary>Parses one error body type and creates the typed exception.</summary>
    internal abstract class ErrorBody
    {
        public abstract Type ErrorType { get; }

        /// <summary>Parses <paramref name="json"/>; returns null when it is not a complete value of the type.</summary>
        public abstract ApiException? TryCreate(string message, ApiResponseInfo response, ReadOnlySpan<byte> json);
    }

    private sealed class ErrorBody<TError> : ErrorBody
        where TError : class
    {
        private readonly JsonValueReader<TError> _read;

        public ErrorBody(JsonValueReader<TError> read) => _read = read;

        public override Type ErrorType => typeof(TError);

        public override ApiException? TryCreate(string message, ApiResponseInfo response, ReadOnlySpan<byte> json)
        {
            try
            {
                var reader = new Utf8JsonReader(json);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                TError? error = _read(ref reader, JsonModelOptions.Default);
                return error is null || reader.Read() ? null : new ApiException<TError>(message, response, error);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

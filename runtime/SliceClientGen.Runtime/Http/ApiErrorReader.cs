using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Http;

/// <summary>Turns a non-success response into an <see cref="ApiException"/>: capped body, typed error body, a message that says what happened.</summary>
internal static class ApiErrorReader
{
    public static async Task<ApiException> ReadAsync(ApiRequest request, HttpResponseMessage response, ApiErrorBodies errors, ApiClientOptions options, CancellationToken cancellationToken)
    {
        (byte[] bytes, int length, bool ended) = await ReadCappedAsync(response, options.MaxErrorBodyBytes, cancellationToken).ConfigureAwait(false);
        try
        {
            ReadOnlySpan<byte> body = bytes.AsSpan(0, length);
            string text = Decode(body, options.MaxErrorBodyLength, out bool textCut);
            var info = new ApiResponseInfo(
                request.Method.Method,
                request.Path,
                response.StatusCode,
                response.ReasonPhrase,
                text,
                textCut || !ended,
                RetryAfter(response, options.TimeProvider));

            string message = Describe(request, response, body, ended);
            ApiErrorBodies.ErrorBody? declared = errors?.Find((int)response.StatusCode);
            return (ended ? declared?.TryCreate(message, info, body) : null) ?? new ApiException(message, info);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The server's Retry-After as a delay (a date is converted with <paramref name="time"/>).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time)
    {
        if (response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header.Date is { } date)
        {
            TimeSpan wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; <c>ended</c> is false when more followed or the connection dropped.</summary>
    private static async Task<(byte[] Bytes, int Length, bool Ended)> ReadCappedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(limit, 1), 16 * 1024) + 1);
        int length = 0;
        try
        {
            using Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return (buffer, limit, false);
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit + 1) - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length, true);
                }

                length += read;
                if (length > limit)
                {
                    return (buffer, limit, false);
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The error body itself was cut off: report what arrived.
            return (buffer, length, false);
        }
    }

    private static string Decode(ReadOnlySpan<byte> body, int maxLength, out bool cut)
    {
        string text = Encoding.UTF8.GetString(body);
        cut = text.Length > maxLength;
        return cut ? text.Substring(0, maxLength) : text;
    }

    /// <summary><c>GET /path failed with 404 Not Found: the server's message</c>.</summary>
    private static string Describe(ApiRequest request, HttpResponseMessage response, ReadOnlySpan<byte> body, bool ended)
    {
        var message = new StringBuilder()
            .Append(request.Method.Method).Append(' ').Append(request.Path)
            .Append(" failed with ").Append((int)response.StatusCode);
        if (!string.IsNullOrEmpty(response.ReasonPhrase))
        {
            message.Append(' ').Append(response.ReasonPhrase);
        }

        string? serverMessage = ServerMessage(body);
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (serverMessage is not null)
        {
            message.Append(": ").Append(serverMessage);
        }
        else if (body.Length == 0)
        {
            message.Append(ended ? " (empty body)" : " (the body could not be read)");
        }
        else
        {
            message.Append(" (").Append(mediaType ?? "untyped").Append(" body of ").Append(body.Length).Append(ended ? " bytes" : "+ bytes, cut").Append(", see ResponseBody)");
        }

        // One closing period: a server message may end with its own (Replace("..", ".") would also change the path).
        return message[message.Length - 1] == '.' ? message.ToString() : message.Append('.').ToString();
    }

    /// <summary>The top-level <c>message</c> (Kubernetes Status), <c>detail</c> or <c>title</c> (RFC 9457) of a JSON body.</summary>
    private static string? ServerMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, isFinalBlock: false, default);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? detail = null;
            string? title = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isMessage = reader.ValueTextEquals("message"u8);
                bool isDetail = reader.ValueTextEquals("detail"u8);
                bool isTitle = reader.ValueTextEquals("title"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    string value = reader.GetString()!;
                    if (isMessage && value.Length > 0)
                    {
                        return Shorten(value);
                    }

                    detail = isDetail ? value : detail;
                    title = isTitle ? value : title;
                }
                else if (!reader.TrySkip())
                {
                    break;
                }
            }

            return string.IsNullOrEmpty(detail) ? (string.IsNullOrEmpty(title) ? null : Shorten(title!)) : Shorten(detail!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text) => text.Length <= 500 ? text : text.Substring(0, 500) + "…";
}

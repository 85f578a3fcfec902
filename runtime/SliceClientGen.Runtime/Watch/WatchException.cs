using System;
using System.Net;
using System.Text.Json;
using SliceClientGen.Runtime.Http;

namespace SliceClientGen.Runtime.Watch;

/// <summary>
/// The server sent an ERROR event: its Status (code, reason, message) is in <see cref="Code"/>,
/// <see cref="Reason"/>, <see cref="ApiException.ResponseBody"/> (the Status JSON) and <see cref="ApiException.StatusCode"/>.
/// </summary>
public class WatchException : ApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="response">The request and the Status as the response facts.</param>
    /// <param name="code">Status.code.</param>
    /// <param name="reason">Status.reason.</param>
    /// <param name="statusMessage">Status.message.</param>
    /// <param name="innerException">The failed connect, when the error came as an HTTP status rather than an ERROR event.</param>
    public WatchException(string message, ApiResponseInfo response, int code, string? reason, string? statusMessage, Exception? innerException = null)
        : base(message, response, innerException)
    {
        Code = code;
        Reason = reason;
        StatusMessage = statusMessage;
    }

    /// <summary>Status.code (an HTTP status code).</summary>
    public int Code { get; }

    /// <summary>Status.reason, such as <c>Expired</c> or <c>Gone</c>.</summary>
    public string? Reason { get; }

    /// <summary>Status.message.</summary>
    public string? StatusMessage { get; }

    internal static WatchException FromStatus(string method, string path, JsonElement status)
    {
        int code = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out JsonElement c) && c.TryGetInt32(out int value) ? value : 500;
        string? reason = String(status, "reason");
        string? text = String(status, "message");
        string json = status.ValueKind == JsonValueKind.Undefined ? string.Empty : status.GetRawText();
        var info = new ApiResponseInfo(method, path, (HttpStatusCode)code, reason, json.Length > 4096 ? json.Substring(0, 4096) : json, json.Length > 4096, null);
        string message = "The watch " + method + " " + path + " received an ERROR event: " + code + (reason is null ? string.Empty : " " + reason) + (text is null ? string.Empty : ": " + text);
        return code == 410 || reason is "Expired" or "Gone"
            ? new WatchExpiredException(message + ". The resourceVersion is too old: list again and watch from the list's resourceVersion.", info, code, reason, text)
            : new WatchException(message + ".", info, code, reason, text);
    }

    /// <summary>Status.reason and Status.message of an error body, when it is a Status.</summary>
    internal static (string? Reason, string? Message) ReasonAndMessage(string body)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            return (String(document.RootElement, "reason"), String(document.RootElement, "message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? String(JsonElement status, string name) =>
        status.ValueKind == JsonValueKind.Object && status.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// The resourceVersion the watch started or resumed from is too old (410 Gone / reason Expired): the server
/// has compacted its history. List again, then watch from the list's resourceVersion.
/// </summary>
public sealed class WatchExpiredException : WatchException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="response">The request and the Status.</param>
    /// <param name="code">Status.code (410).</param>
    /// <param name="reason">Status.reason.</param>
    /// <param name="statusMessage">Status.message.</param>
    /// <param name="innerException">The failed connect, when the error came as an HTTP 410 rather than an ERROR event.</param>
    public WatchExpiredException(string message, ApiResponseInfo response, int code, string? reason, string? statusMessage, Exception? innerException = null)
        : base(message, response, code, reason, statusMessage, innerException)
    {
    }
}

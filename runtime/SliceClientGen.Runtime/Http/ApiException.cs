using System;
using System.Net;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// A call to the API failed: the server answered with a non-success status, or a success response could
/// not be read as the document describes. The message names the method, the path (never headers or the
/// query string, so no credential can leak), the status and, when the server sent one, the error message.
/// When the document declares an error schema for the status, the parsed body is in
/// <see cref="ApiException{TError}.Error"/> (catch <c>ApiException&lt;Status&gt;</c>) and in <see cref="ErrorBody"/>.
/// </summary>
public class ApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="response">The facts about the failed response.</param>
    /// <param name="innerException">The cause, such as a <see cref="System.Text.Json.JsonException"/> for unreadable JSON.</param>
    public ApiException(string message, ApiResponseInfo response, Exception? innerException = null)
        : base(message, innerException)
    {
        Response = response ?? throw new ArgumentNullException(nameof(response));
    }

    /// <summary>The facts about the failed response.</summary>
    public ApiResponseInfo Response { get; }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode => Response.StatusCode;

    /// <summary>The reason phrase the server sent, if any.</summary>
    public string? ReasonPhrase => Response.ReasonPhrase;

    /// <summary>The request method (GET, POST, …).</summary>
    public string Method => Response.Method;

    /// <summary>The request path, without the query string.</summary>
    public string RequestPath => Response.RequestPath;

    /// <summary>The response body as text, cut at <see cref="ApiClientOptions.MaxErrorBodyLength"/> characters; empty when there was none.</summary>
    public string ResponseBody => Response.Body;

    /// <summary>True when <see cref="ResponseBody"/> was cut (or the body ended early).</summary>
    public bool ResponseBodyTruncated => Response.BodyTruncated;

    /// <summary>The parsed error body when the document declares one for this status, else null.</summary>
    public virtual object? ErrorBody => null;

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter => Response.RetryAfter;

    /// <summary>404 Not Found.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>409 Conflict (an object that already exists, or a stale resourceVersion).</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict;

    /// <summary>410 Gone: in Kubernetes, an expired resourceVersion or continue token; list again.</summary>
    public bool IsExpired => StatusCode == HttpStatusCode.Gone;

    /// <summary>401 Unauthorized.</summary>
    public bool IsUnauthorized => StatusCode == HttpStatusCode.Unauthorized;

    /// <summary>403 Forbidden.</summary>
    public bool IsForbidden => StatusCode == HttpStatusCode.Forbidden;

    /// <summary>429 Too Many Requests.</summary>
    public bool IsTooManyRequests => (int)StatusCode == 429;
}

/// <summary>A failed call whose error body the document declares and that was parsed as <typeparamref name="TError"/>.</summary>
/// <typeparam name="TError">The declared error schema's generated type (Kubernetes: <c>Status</c>).</typeparam>
public sealed class ApiException<TError> : ApiException
    where TError : class
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="response">The facts about the failed response.</param>
    /// <param name="error">The parsed error body.</param>
    public ApiException(string message, ApiResponseInfo response, TError error)
        : base(message, response)
    {
        Error = error ?? throw new ArgumentNullException(nameof(error));
    }

    /// <summary>The parsed error body.</summary>
    public TError Error { get; }

    /// <inheritdoc />
    public override object? ErrorBody => Error;
}

/// <summary>What is known about a failed response; safe to log (no headers, no query string).</summary>
/// <param name="Method">The request method.</param>
/// <param name="RequestPath">The request path, without the query string.</param>
/// <param name="StatusCode">The response status.</param>
/// <param name="ReasonPhrase">The reason phrase, if any.</param>
/// <param name="Body">The body text, capped.</param>
/// <param name="BodyTruncated">True when <paramref name="Body"/> was cut or the body ended early.</param>
/// <param name="RetryAfter">The server's Retry-After, if any.</param>
public sealed record ApiResponseInfo(
    string Method,
    string RequestPath,
    HttpStatusCode StatusCode,
    string? ReasonPhrase,
    string Body,
    bool BodyTruncated,
    TimeSpan? RetryAfter);

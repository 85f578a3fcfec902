using System.Text;
using Microsoft.AspNetCore.Http;

namespace SliceClientGen.Auth.Tests.Infrastructure;

/// <summary>Answers for <see cref="TestServer"/>.</summary>
public static class Responses
{
    /// <summary>An EndpointSliceList without items.</summary>
    public const string EmptyListJson = """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSliceList","metadata":{"resourceVersion":"7"},"items":[]}""";

    /// <summary>The Kubernetes Status of a 401.</summary>
    public const string UnauthorizedJson = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}""";

    /// <summary>200 with <see cref="EmptyListJson"/>.</summary>
    public static Task EmptyList(HttpContext context) => Json(context, 200, EmptyListJson);

    /// <summary>401 with the Kubernetes Status.</summary>
    public static Task Unauthorized(HttpContext context) => Json(context, 401, UnauthorizedJson);

    /// <summary>401 for <paramref name="rejected"/> bearer tokens, the empty list for any other.</summary>
    public static Func<HttpContext, Task> RejectTokens(params string[] rejected) =>
        context => rejected.Any(token => context.Request.Headers.Authorization.ToString() == "Bearer " + token) ? Unauthorized(context) : EmptyList(context);

    /// <summary>401 unless the request carries <c>Bearer <paramref name="accepted"/></c>.</summary>
    public static Func<HttpContext, Task> AcceptOnly(string accepted) =>
        context => context.Request.Headers.Authorization.ToString() == "Bearer " + accepted ? EmptyList(context) : Unauthorized(context);

    private static async Task Json(HttpContext context, int status, string json)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}

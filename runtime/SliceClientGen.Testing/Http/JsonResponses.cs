using System;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SliceClientGen.Testing.Protocol;

namespace SliceClientGen.Testing.Http;

/// <summary>Writes JSON responses straight into the response body, without intermediate strings.</summary>
internal static class JsonResponses
{
    public static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        Start(context, statusCode);
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            body.WriteTo(writer);
        }

        return context.Response.BodyWriter.FlushAsync(context.RequestAborted).AsTask();
    }

    public static Task WriteRawAsync(HttpContext context, int statusCode, ReadOnlyMemory<byte> json)
    {
        Start(context, statusCode);
        return context.Response.BodyWriter.WriteAsync(json, context.RequestAborted).AsTask();
    }

    public static Task WriteStatusAsync(HttpContext context, StatusError error)
    {
        if (error.Code is 429 or 503)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        return WriteAsync(context, error.Code, error.ToStatus());
    }

    private static void Start(HttpContext context, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-cache, private";
    }
}

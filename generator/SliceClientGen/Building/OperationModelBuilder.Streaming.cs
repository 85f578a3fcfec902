using System.Collections.Generic;
using System.Linq;
using Microsoft.OpenApi;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>
/// Success responses that are not one JSON value: streams of items (server-sent events, JSON Lines, JSON text
/// sequences) typed by their item schema, and binary bodies handed over as a Stream.
/// </summary>
internal sealed partial class OperationModelBuilder
{
    /// <summary>The streaming kind of a media type, or null for one that is not a stream of items.</summary>
    internal static ResponseBodyKind? StreamingKind(string mediaType) => mediaType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "text/event-stream" => ResponseBodyKind.ServerSentEvents,
        "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" or "application/ndjson" => ResponseBodyKind.JsonLines,
        "application/json-seq" => ResponseBodyKind.JsonSequence,
        _ => null,
    };

    /// <summary>
    /// The first 2xx response whose body is a stream of items or binary: its kind, item type (null for binary,
    /// and for server-sent events whose data is plain text), description and media type.
    /// </summary>
    private (ResponseBodyKind Kind, TypeRef? Item, string? Description, string Accept)? BuildStreamingResult(OpenApiOperation operation, string operationName, string pointer)
    {
        if (operation.Responses is null)
        {
            return null;
        }

        foreach (KeyValuePair<string, IOpenApiResponse> response in operation.Responses.Where(r => r.Key.StartsWith("2", System.StringComparison.Ordinal)).OrderBy(r => r.Key, System.StringComparer.Ordinal))
        {
            if (response.Value.Content is not { Count: > 0 } content)
            {
                continue;
            }

            string responsePointer = StreamingResponsePointer(response, pointer);
            foreach (KeyValuePair<string, IOpenApiMediaType> media in content)
            {
                if (StreamingKind(media.Key) is not { } kind)
                {
                    continue;
                }

                string mediaPointer = SourceMap.Append(responsePointer + "/content", media.Key);

                // OpenAPI 3.2 says it with itemSchema; before, documents give the item's schema (or an array of items) as schema.
                IOpenApiSchema? item = media.Value?.ItemSchema;
                string itemPointer = mediaPointer + "/itemSchema";
                if (item is null && media.Value?.Schema is { } schema)
                {
                    bool array = schema is not OpenApiSchemaReference && schema.Type is { } type && (type & ~JsonSchemaType.Null) == JsonSchemaType.Array && schema.Items is not null;
                    item = array ? schema.Items : schema;
                    itemPointer = mediaPointer + (array ? "/schema/items" : "/schema");
                }

                TypeRef? itemType = item is null ? null : _schemas.ResolveUsage(item, itemPointer, operationName + "Item");
                if (kind == ResponseBodyKind.ServerSentEvents && (itemType is null || itemType.Kind == TypeRefKind.String))
                {
                    // Plain-text event data.
                    itemType = null;
                }
                else
                {
                    itemType ??= TypeRef.Any;
                }

                return (kind, itemType, response.Value.Description, media.Key);
            }

            // Not JSON and not a stream of items: a download.
            KeyValuePair<string, IOpenApiMediaType> binary = content.First();
            return (ResponseBodyKind.Binary, null, response.Value.Description, binary.Key);
        }

        return null;
    }

    /// <summary>
    /// A request body that is not JSON but has a typed form: bytes (<c>application/octet-stream</c> or a binary
    /// schema) as a Stream, and <c>application/x-www-form-urlencoded</c> with an object schema as its model.
    /// <c>multipart/form-data</c> with properties as a generated form (and, as an overload, the caller's HttpContent).
    /// Null for anything else (the caller builds the HttpContent).
    /// </summary>
    private RequestBodyModel? BuildNonJsonBody(IDictionary<string, IOpenApiMediaType> content, string bodyPointer, string operationName, IOpenApiRequestBody body, string argument)
    {
        foreach (KeyValuePair<string, IOpenApiMediaType> media in content)
        {
            string type = media.Key.Split(';')[0].Trim().ToLowerInvariant();
            IOpenApiSchema? schema = media.Value?.Schema;
            if (type == "application/x-www-form-urlencoded" && schema is not null)
            {
                TypeRef model = _schemas.ResolveUsage(schema, SourceMap.Append(bodyPointer + "/content", media.Key) + "/schema", operationName + "Request");
                if (model.Kind == TypeRefKind.Model)
                {
                    return new RequestBodyModel(BodyKind.Content, model, media.Key, body.Required, body.Description, argument,
                        new EquatableArray<BodyArgument>(new[] { new BodyArgument(BodyArgumentKind.Form, model, NullChecked: true) }));
                }
            }

            if (type == "multipart/form-data" && schema is not null
                && _schemas.ResolveMultipartForm(schema, SourceMap.Append(bodyPointer + "/content", media.Key) + "/schema", operationName + "Form") is { } form)
            {
                return new RequestBodyModel(BodyKind.Content, form, media.Key, body.Required, body.Description, argument,
                    new EquatableArray<BodyArgument>(new[] { new BodyArgument(BodyArgumentKind.MultipartForm, form, NullChecked: true), new BodyArgument(BodyArgumentKind.Content, TypeRef.Any, NullChecked: true) }));
            }

            bool binarySchema = schema is { Format: "binary" or "byte" } || schema is null;
            if (type == "application/octet-stream" || (binarySchema && !type.StartsWith("multipart/", System.StringComparison.Ordinal) && type != "application/x-www-form-urlencoded" && !type.StartsWith("text/", System.StringComparison.Ordinal)))
            {
                return new RequestBodyModel(BodyKind.Content, TypeRef.Any, media.Key, body.Required, body.Description, argument,
                    new EquatableArray<BodyArgument>(new[] { new BodyArgument(BodyArgumentKind.Stream, TypeRef.Any, NullChecked: true) }));
            }
        }

        return null;
    }

    private static string StreamingResponsePointer(KeyValuePair<string, IOpenApiResponse> response, string operationPointer) =>
        response.Value is OpenApiResponseReference { Reference.Id: { } id }
            ? SourceMap.Append("/components/responses", id)
            : SourceMap.Append(operationPointer + "/responses", response.Key);
}

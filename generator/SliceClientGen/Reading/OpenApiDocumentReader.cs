using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using SliceClientGen.Diagnostics;

namespace SliceClientGen.Reading;

/// <summary>
/// Reads an OpenAPI document from its text: YAML/JSON → JSON (with a source map) → Microsoft.OpenApi.
/// Never throws for bad input: every problem becomes a located diagnostic.
/// </summary>
internal static class OpenApiDocumentReader
{
    /// <summary>The base URI OpenApiDocument.Load gives a document read from a stream.</summary>
    private static readonly System.Uri DocumentBase = new("https://openapi.net/");

    internal sealed class Result
    {
        public OpenApiDocument? Document { get; init; }

        public SourceMap Map { get; init; } = null!;

        public List<DiagnosticInfo> Diagnostics { get; } = new();
    }

    public static Result Read(string path, string text)
    {
        string fileName = Path.GetFileName(path);
        YamlToJsonConverter.Result converted = YamlToJsonConverter.Convert(path, text);
        if (converted.Json is null)
        {
            var failed = new Result { Map = converted.Map };
            failed.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnreadableDocument,
                converted.Map.At(converted.ErrorIndex, converted.ErrorLine, converted.ErrorColumn),
                fileName,
                "line " + (converted.ErrorLine + 1) + ", column " + (converted.ErrorColumn + 1),
                converted.Error ?? "unknown error"));
            return failed;
        }

        var rewrites = new List<DiagnosticInfo>();
        foreach (YamlToJsonConverter.SchemaRewrite rewrite in converted.Rewrites)
        {
            LocationInfo at = converted.Map.Locate(rewrite.Pointer);
            if (rewrite.TooDeep is { } cut)
            {
                rewrites.Add(cut == YamlToJsonConverter.DepthCut.Schema
                    ? DiagnosticInfo.Create(DiagnosticDescriptors.TooDeep, at, "The schema", rewrite.Pointer, YamlToJsonConverter.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "it is read as {} and typed as JsonElement (any JSON value), so the properties and types nested inside it are not generated")
                    : DiagnosticInfo.Create(DiagnosticDescriptors.TooDeep, at, "The value", rewrite.Pointer, YamlToJsonConverter.MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        "it is read as null, so what it holds is left out"));
                continue;
            }

            rewrites.Add(rewrite.AliasCycle is { } chain
                ? DiagnosticInfo.Create(DiagnosticDescriptors.SelfReference, at, rewrite.Pointer, "is a $ref alias in a cycle (" + chain + ")", "it names no type, so it and every $ref to it are typed as JsonElement")
                : DiagnosticInfo.Create(DiagnosticDescriptors.BooleanSchema, at, rewrite.Pointer, rewrite.Boolean == true ? "true" : "false",
                    rewrite.Boolean == true ? "any JSON value, typed as JsonElement" : "no value is valid; it is read as {not: {}} and typed as JsonElement"));
        }

        ReadResult read;
        try
        {
            // No external references are followed: the generator reads nothing but its AdditionalText.
            // Parsed here rather than by OpenApiDocument.Load, whose JSON reader stops at 64 levels (about 20 nested
            // inline schemas); the converter already bounds nesting (YamlToJsonConverter.MaxDepth) at the node.
            var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
            JsonNode? node = JsonNode.Parse(converted.Json, documentOptions: new JsonDocumentOptions { MaxDepth = YamlToJsonConverter.MaxDepth + 8 });
            read = new OpenApiJsonReader().Read(node!, DocumentBase, settings);
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            var failed = new Result { Map = converted.Map };
            failed.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOpenApi, converted.Map.Locate(null), fileName, "/", Sentence(ex.Message)));
            return failed;
        }

        // Only a document Microsoft.OpenApi could not make anything of blocks generation (no 'openapi' version,
        // not an object). Everything else it reports is a finding about one node: a warning at that node, and the
        // document is generated with the best reading of it, as Kiota, NSwag and openapi-generator do.
        bool readable = read.Document is not null && read.Diagnostic?.SpecificationVersion is not null && (converted.Map.Contains("/openapi") || converted.Map.Contains("/swagger"));
        var result = new Result { Document = readable ? read.Document : null, Map = converted.Map };
        result.Diagnostics.AddRange(rewrites);
        foreach (OpenApiError error in read.Diagnostic?.Errors ?? new List<OpenApiError>())
        {
            string pointer = SourceMap.Normalize(error.Pointer);
            string at = pointer.Length == 0 ? "/" : pointer;
            LocationInfo location = converted.Map.Locate(pointer);
            result.Diagnostics.Add(
                !readable ? DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOpenApi, location, fileName, at, Sentence(error.Message))
                : error is OpenApiValidatorError finding ? DiagnosticInfo.Create(DiagnosticDescriptors.ValidationFinding, location, fileName, finding.RuleName, at, Sentence(error.Message))
                : DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableValue, location, fileName, at, Sentence(error.Message)));
        }

        if (!readable && result.Diagnostics.Count == 0)
        {
            result.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOpenApi, converted.Map.Locate(null), fileName, "/", "the document has no 'openapi' version"));
        }

        return result;
    }

    /// <summary>A message without its final period: the descriptors' formats continue the sentence.</summary>
    private static string Sentence(string message) => message.Trim().TrimEnd('.');
}

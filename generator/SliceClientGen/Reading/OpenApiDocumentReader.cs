using System.Collections.Generic;
using System.IO;
using System.Text;
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

        ReadResult read;
        try
        {
            // No external references are followed: the generator reads nothing but its AdditionalText.
            var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(converted.Json));
            read = OpenApiDocument.Load(stream, OpenApiConstants.Json, settings);
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            var failed = new Result { Map = converted.Map };
            failed.Diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOpenApi, converted.Map.Locate(null), fileName, "/", ex.Message));
            return failed;
        }

        var result = new Result { Document = read.Document, Map = converted.Map };
        foreach (OpenApiError error in read.Diagnostic?.Errors ?? new List<OpenApiError>())
        {
            string pointer = SourceMap.Normalize(error.Pointer);
            result.Diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InvalidOpenApi,
                converted.Map.Locate(pointer),
                fileName,
                pointer.Length == 0 ? "/" : pointer,
                error.Message));
        }

        return result;
    }
}

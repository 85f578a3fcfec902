using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SliceClientGen.Testing.OpenApi;

/// <summary>Reads an OpenAPI document, YAML or JSON, into a JSON tree (YAML scalars keep their types; quoted ones stay strings).</summary>
internal static class OpenApiDocumentLoader
{
    private const int MaxNodes = 1_000_000;

    public static JsonObject Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OpenApiDocumentException($"Cannot read the OpenAPI document '{path}': {e.Message}", e);
        }

        JsonNode? root = text.TrimStart().StartsWith('{') ? ParseJson(text, path) : ParseYaml(text, path);
        return root as JsonObject ?? throw new OpenApiDocumentException($"The OpenAPI document '{path}' is not an object at the top level.");
    }

    private static JsonNode? ParseJson(string text, string path)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new OpenApiDocumentException($"The OpenAPI document '{path}' is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }

    private static JsonNode? ParseYaml(string text, string path)
    {
        try
        {
            return FirstDocument(text) ?? throw new OpenApiDocumentException($"The OpenAPI document '{path}' is empty.");
        }
        catch (YamlException e)
        {
            throw new OpenApiDocumentException($"The OpenAPI document '{path}' is not valid YAML (line {e.Start.Line}, column {e.Start.Column}): {e.Message}", e);
        }
    }

    /// <summary>
    /// The first document of a YAML text as JSON, or null when there is none; <see cref="YamlException"/> when the text
    /// is not YAML or its aliases expand to more than a million nodes.
    /// </summary>
    internal static JsonNode? FirstDocument(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        int budget = MaxNodes;
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, ref budget);
    }

    private static JsonNode? Convert(YamlNode node, ref int budget)
    {
        if (--budget < 0)
        {
            throw new YamlException(node.Start, node.End, $"the document expands to more than {MaxNodes} nodes (aliases)");
        }

        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[((YamlScalarNode)key).Value ?? string.Empty] = Convert(value, ref budget);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (YamlNode item in sequence.Children)
                {
                    array.Add(Convert(item, ref budget));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string value = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && char.IsAsciiDigit(value[^1]))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(value);
    }
}

using System;
using System.Globalization;
using System.Text.Json.Nodes;

namespace SliceClientGen.Testing.Protocol;

/// <summary>
/// JSON Patch (RFC 6902), as <c>kubectl patch --type=json</c> sends it: <c>add</c>, <c>remove</c>, <c>replace</c>,
/// <c>move</c>, <c>copy</c> and <c>test</c> on JSON pointers (RFC 6901), applied in order to a copy; any failing
/// operation fails the whole patch with a message naming the operation and the path.
/// </summary>
internal static class JsonPatch
{
    public static JsonObject Apply(JsonObject target, JsonNode patch)
    {
        if (patch is not JsonArray operations)
        {
            throw StatusError.BadRequest("a JSON patch must be an array of operations");
        }

        JsonNode document = target.DeepClone();
        for (int i = 0; i < operations.Count; i++)
        {
            if (operations[i] is not JsonObject operation)
            {
                throw Fail(i, "?", "", "an operation must be an object");
            }

            string op = Text(operation, "op", i);
            string path = Text(operation, "path", i);
            switch (op)
            {
                case "add":
                    Add(ref document, path, Value(operation, i, op, path), i, op);
                    break;
                case "remove":
                    Remove(document, path, i, op);
                    break;
                case "replace":
                    Remove(document, path, i, op);
                    Add(ref document, path, Value(operation, i, op, path), i, op);
                    break;
                case "move":
                {
                    string from = Text(operation, "from", i);
                    JsonNode? moved = Get(document, from, i, op)?.DeepClone();
                    Remove(document, from, i, op);
                    Add(ref document, path, moved, i, op);
                    break;
                }

                case "copy":
                    Add(ref document, path, Get(document, Text(operation, "from", i), i, op)?.DeepClone(), i, op);
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(document, path, i, op), Value(operation, i, op, path)))
                    {
                        throw Fail(i, op, path, "the value is not the expected one");
                    }

                    break;
                default:
                    throw Fail(i, op, path, "unknown operation (add, remove, replace, move, copy and test are)");
            }
        }

        return document as JsonObject ?? throw StatusError.BadRequest("the JSON patch did not leave an object");
    }

    private static JsonNode? Get(JsonNode document, string path, int index, string op, string? reportedPath = null)
    {
        JsonNode? node = document;
        foreach (string token in Tokens(path))
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out JsonNode? child) => child,
                JsonArray array when ArrayIndex(token, array.Count, allowEnd: false) is int at => array[at],
                _ => throw Fail(index, op, reportedPath ?? path, "no such path"),
            };
        }

        return node;
    }

    private static void Add(ref JsonNode document, string path, JsonNode? value, int index, string op)
    {
        if (path.Length == 0)
        {
            document = value ?? throw Fail(index, op, path, "the document cannot become null");
            return;
        }

        (JsonNode? parent, string last) = Parent(document, path, index, op);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when ArrayIndex(last, array.Count, allowEnd: true) is int at:
                array.Insert(at, value);
                break;
            default:
                throw Fail(index, op, path, "no such path");
        }
    }

    private static void Remove(JsonNode document, string path, int index, string op)
    {
        (JsonNode? parent, string last) = Parent(document, path, index, op);
        bool removed = parent switch
        {
            JsonObject obj => obj.Remove(last),
            JsonArray array when ArrayIndex(last, array.Count, allowEnd: false) is int at => RemoveAt(array, at),
            _ => false,
        };
        if (!removed)
        {
            throw Fail(index, op, path, "no such path");
        }
    }

    private static bool RemoveAt(JsonArray array, int at)
    {
        array.RemoveAt(at);
        return true;
    }

    private static (JsonNode? Parent, string Last) Parent(JsonNode document, string path, int index, string op)
    {
        string[] tokens = Tokens(path);
        if (tokens.Length == 0)
        {
            throw Fail(index, op, path, "the operation needs a path below the root");
        }

        int cut = path.LastIndexOf('/');
        return (Get(document, path[..cut], index, op, path), tokens[^1]);
    }

    private static string[] Tokens(string path)
    {
        if (path.Length == 0)
        {
            return Array.Empty<string>();
        }

        if (path[0] != '/')
        {
            throw StatusError.BadRequest($"JSON patch path \"{path}\" must start with '/'");
        }

        string[] tokens = path[1..].Split('/');
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = tokens[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }

        return tokens;
    }

    private static int? ArrayIndex(string token, int count, bool allowEnd) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int at) && at <= count && (allowEnd || at < count) &&
        (token == "0" || token[0] != '0')
            ? at
            : null;

    private static string Text(JsonObject operation, string member, int index) =>
        operation[member] is JsonValue value && value.TryGetValue(out string? text)
            ? text
            : throw Fail(index, operation["op"]?.ToJsonString() ?? "?", "", $"\"{member}\" must be a string");

    private static JsonNode? Value(JsonObject operation, int index, string op, string path) =>
        operation.TryGetPropertyValue("value", out JsonNode? value)
            ? value?.DeepClone()
            : throw Fail(index, op, path, "\"value\" is missing");

    private static StatusError Fail(int index, string op, string path, string problem) =>
        new(422, "Invalid", $"the JSON patch cannot be applied: operation {index} ({op} {path}): {problem}");
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SliceClientGen.Testing.Protocol;

namespace SliceClientGen.Testing.OpenApi;

/// <summary>
/// Checks an object against what its OpenAPI schema constrains — types, required properties, enum and const values,
/// string lengths and patterns, number ranges, array sizes — and reports each problem as a Kubernetes field error
/// (<c>ports[0].port: Invalid value: 70000: must be less than or equal to 65535</c>). Unknown properties are kept, not
/// refused. On updates, values equal to the stored object's are not checked again ("ratcheting", as the API server
/// does for custom resources), so an object stored by a newer writer (an enum value the document does not list yet)
/// can still be changed elsewhere.
/// </summary>
internal sealed class SchemaValidator
{
    private const int MaxDepth = 64;
    private readonly JsonObject _document;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public SchemaValidator(JsonObject document) => _document = document;

    public static JsonObject? Resolve(JsonObject document, string reference)
    {
        if (!reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        JsonNode? node = document;
        foreach (string segment in reference[2..].Split('/'))
        {
            node = node?[segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return node as JsonObject;
    }

    /// <summary>Validates a value against a schema of the document.</summary>
    /// <param name="schemaReference">The schema, <c>#/components/schemas/…</c>.</param>
    /// <param name="value">The object to check.</param>
    /// <param name="old">The stored object on updates (null on create): equal values are not checked again.</param>
    /// <param name="unknownFields">Receives the paths of properties the schema does not declare (outside <c>metadata</c>,
    /// whose schema in hand-written documents is usually partial), for <c>fieldValidation</c>.</param>
    public IReadOnlyList<StatusCause> Validate(string schemaReference, JsonNode value, JsonNode? old, List<string>? unknownFields = null)
    {
        var causes = new List<StatusCause>();
        if (Resolve(_document, schemaReference) is { } schema)
        {
            Check(schema, value, old, hasOld: old is not null, new StringBuilder(), causes, unknownFields, 0);
        }

        return causes;
    }


    private void Check(JsonObject schema, JsonNode? value, JsonNode? old, bool hasOld, StringBuilder path, List<StatusCause> causes, List<string>? unknown, int depth)
    {
        if (depth > MaxDepth || (hasOld && JsonNode.DeepEquals(value, old)))
        {
            return;
        }

        while (schema["$ref"] is JsonValue reference && Resolve(_document, reference.GetValue<string>()) is { } target)
        {
            schema = target;
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            foreach (JsonNode? part in allOf)
            {
                if (part is JsonObject partSchema)
                {
                    Check(partSchema, value, old, hasOld, path, causes, unknown, depth + 1);
                }
            }
        }

        if (value is null)
        {
            return;
        }

        if (!CheckType(schema, value, path, causes))
        {
            return;
        }

        CheckValues(schema, value, path, causes);
        switch (value)
        {
            case JsonObject obj:
                CheckObject(schema, obj, old as JsonObject, hasOld, path, causes, unknown, depth);
                break;
            case JsonArray array:
                CheckArray(schema, array, old as JsonArray, hasOld, path, causes, unknown, depth);
                break;
        }
    }

    private void CheckObject(JsonObject schema, JsonObject obj, JsonObject? old, bool hasOld, StringBuilder path, List<StatusCause> causes, List<string>? unknown, int depth)
    {
        JsonObject? properties = schema["properties"] as JsonObject;
        if (schema["required"] is JsonArray required)
        {
            foreach (JsonNode? name in required)
            {
                string property = name?.GetValue<string>() ?? string.Empty;
                if (obj[property] is null)
                {
                    causes.Add(new StatusCause("FieldValueRequired", Append(path, property), "Required value"));
                }
            }
        }

        foreach (var (name, value) in obj)
        {
            JsonObject? propertySchema = properties?[name] as JsonObject ?? schema["additionalProperties"] as JsonObject;
            if (propertySchema is null)
            {
                if (properties is not null && unknown is not null &&
                    (schema["additionalProperties"] is null || schema["additionalProperties"]!.GetValueKind() == JsonValueKind.False) &&
                    !(path.Length >= 8 && path.ToString().StartsWith("metadata", StringComparison.Ordinal)))
                {
                    unknown.Add(Append(path, name));
                }

                continue;
            }

            int length = path.Length;
            if (length > 0)
            {
                path.Append('.');
            }

            path.Append(name);
            Check(propertySchema, value, old?[name], hasOld && old is not null && old.ContainsKey(name), path, causes, unknown, depth + 1);
            path.Length = length;
        }
    }

    private void CheckArray(JsonObject schema, JsonArray array, JsonArray? old, bool hasOld, StringBuilder path, List<StatusCause> causes, List<string>? unknown, int depth)
    {
        if (Number(schema, "maxItems") is { } maxItems && array.Count > maxItems)
        {
            causes.Add(new StatusCause("FieldValueTooMany", path.ToString(), $"Too many: {array.Count}: must have at most {maxItems} items"));
        }

        if (Number(schema, "minItems") is { } minItems && array.Count < minItems)
        {
            causes.Add(new StatusCause(
                array.Count == 0 ? "FieldValueRequired" : "FieldValueInvalid",
                path.ToString(),
                array.Count == 0 ? "Required value: must have at least " + minItems + " item" + (minItems == 1 ? string.Empty : "s") : $"Invalid value: {array.Count}: must have at least {minItems} items"));
        }

        if (schema["items"] is not JsonObject itemSchema)
        {
            return;
        }

        for (int i = 0; i < array.Count; i++)
        {
            int length = path.Length;
            path.Append('[').Append(i.ToString(CultureInfo.InvariantCulture)).Append(']');
            bool oldHas = hasOld && old is not null && i < old.Count;
            Check(itemSchema, array[i], oldHas ? old![i] : null, oldHas, path, causes, unknown, depth + 1);
            path.Length = length;
        }
    }

    private static bool CheckType(JsonObject schema, JsonNode value, StringBuilder path, List<StatusCause> causes)
    {
        var types = new List<string>();
        switch (schema["type"])
        {
            case JsonValue single:
                types.Add(single.GetValue<string>());
                break;
            case JsonArray many:
                foreach (JsonNode? type in many)
                {
                    types.Add(type?.GetValue<string>() ?? string.Empty);
                }

                break;
        }

        if (types.Count == 0)
        {
            return true;
        }

        JsonValueKind kind = value.GetValueKind();
        foreach (string type in types)
        {
            bool matches = type switch
            {
                "object" => kind == JsonValueKind.Object,
                "array" => kind == JsonValueKind.Array,
                "string" => kind == JsonValueKind.String,
                "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                "number" => kind == JsonValueKind.Number,
                "integer" => kind == JsonValueKind.Number && IsIntegral(value),
                "null" => kind == JsonValueKind.Null,
                _ => true,
            };
            if (matches)
            {
                return true;
            }
        }

        causes.Add(new StatusCause("FieldValueTypeInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must be of type {string.Join(" or ", types)}"));
        return false;
    }

    private void CheckValues(JsonObject schema, JsonNode value, StringBuilder path, List<StatusCause> causes)
    {
        if (schema["const"] is { } constant && !JsonNode.DeepEquals(constant, value))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", path.ToString(), $"Unsupported value: {Describe(value)}: supported values: {Describe(constant)}"));
        }

        if (schema["enum"] is JsonArray allowed)
        {
            bool found = false;
            foreach (JsonNode? candidate in allowed)
            {
                found |= JsonNode.DeepEquals(candidate, value);
            }

            if (!found)
            {
                var list = new List<string>();
                foreach (JsonNode? candidate in allowed)
                {
                    list.Add(Describe(candidate));
                }

                causes.Add(new StatusCause("FieldValueNotSupported", path.ToString(), $"Unsupported value: {Describe(value)}: supported values: {string.Join(", ", list)}"));
            }
        }

        if (value.GetValueKind() == JsonValueKind.String)
        {
            string text = value.GetValue<string>();
            if (Number(schema, "maxLength") is { } maxLength && text.Length > maxLength)
            {
                causes.Add(new StatusCause("FieldValueTooLong", path.ToString(), $"Too long: may not be more than {maxLength} characters"));
            }

            if (Number(schema, "minLength") is { } minLength && text.Length < minLength)
            {
                causes.Add(new StatusCause("FieldValueInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must be at least {minLength} characters"));
            }

            if (schema["pattern"] is JsonValue pattern && !Pattern(pattern.GetValue<string>()).IsMatch(text))
            {
                causes.Add(new StatusCause("FieldValueInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must match the pattern {pattern.GetValue<string>()}"));
            }
        }
        else if (value.GetValueKind() == JsonValueKind.Number)
        {
            double number = AsDouble(value);
            bool exclusiveMin = schema["exclusiveMinimum"] is JsonValue em && em.GetValueKind() == JsonValueKind.True;
            bool exclusiveMax = schema["exclusiveMaximum"] is JsonValue eM && eM.GetValueKind() == JsonValueKind.True;
            if (Number(schema, "minimum") is { } minimum && (number < minimum || (exclusiveMin && number == minimum)))
            {
                causes.Add(new StatusCause("FieldValueInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must be greater than {(exclusiveMin ? string.Empty : "or equal to ")}{minimum}"));
            }

            if (Number(schema, "maximum") is { } maximum && (number > maximum || (exclusiveMax && number == maximum)))
            {
                causes.Add(new StatusCause("FieldValueInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must be less than {(exclusiveMax ? string.Empty : "or equal to ")}{maximum}"));
            }

            if (schema["exclusiveMinimum"] is JsonValue min31 && min31.GetValueKind() == JsonValueKind.Number && number <= AsDouble(min31))
            {
                causes.Add(new StatusCause("FieldValueInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must be greater than {Describe(min31)}"));
            }

            if (schema["exclusiveMaximum"] is JsonValue max31 && max31.GetValueKind() == JsonValueKind.Number && number >= AsDouble(max31))
            {
                causes.Add(new StatusCause("FieldValueInvalid", path.ToString(), $"Invalid value: {Describe(value)}: must be less than {Describe(max31)}"));
            }
        }
    }

    private Regex Pattern(string pattern)
    {
        return _patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    private static double? Number(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? AsDouble(value) : null;

    private static double AsDouble(JsonNode value) =>
        value is JsonValue v && v.TryGetValue(out double d) ? d : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsIntegral(JsonNode value) => AsDouble(value) is var d && Math.Floor(d) == d && !double.IsInfinity(d);

    private static string Describe(JsonNode? value)
    {
        string json = value?.ToJsonString() ?? "null";
        return json.Length <= 64 ? json : json[..61] + "...";
    }

    private static string Append(StringBuilder path, string property) => path.Length == 0 ? property : path + "." + property;
}

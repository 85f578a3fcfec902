using System.Collections.Generic;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
using SliceClientGen.Helpers;
using SliceClientGen.Model;

namespace SliceClientGen.Building;

/// <summary>
/// <c>multipart/form-data</c> request bodies: the object schema's properties become the parts of a generated form
/// class, binary strings (<c>format: binary</c>) as files, everything else typed as in a model.
/// </summary>
internal sealed partial class SchemaModelBuilder
{
    private readonly Dictionary<string, TypeRef?> _forms = new(System.StringComparer.Ordinal);

    /// <summary>
    /// The form type of a multipart body schema at <paramref name="pointer"/> (built once per pointer), or null when
    /// the schema declares no properties (the caller then builds the content).
    /// </summary>
    public TypeRef? ResolveMultipartForm(IOpenApiSchema schema, string pointer, string nameHint)
    {
        if (_forms.TryGetValue(pointer, out TypeRef? known))
        {
            return known;
        }

        var collected = new List<(string JsonName, IOpenApiSchema Schema, string Pointer)>();
        var required = new HashSet<string>(System.StringComparer.Ordinal);
        CollectProperties(schema, pointer, collected, required);
        if (collected.Count == 0)
        {
            _forms[pointer] = null;
            return null;
        }

        string name = _names.Claim(Shorten(nameHint), pointer, "The multipart form");
        HashSet<string> taken = NameScope.ForModelProperties(name);
        var properties = new List<PropertyModel>();
        foreach ((string jsonName, IOpenApiSchema propertySchema, string propertyPointer) in collected)
        {
            string propertyName = ClaimPropertyName(jsonName, name, taken, propertyPointer, "part");
            TypeRef type = IsBinary(propertySchema)
                ? TypeRef.File
                : Dereference(propertySchema) is { Type: JsonSchemaType.Array, Items: { } items } && IsBinary(items)
                    ? TypeRef.ListOf(TypeRef.File)
                    : Resolve(propertySchema, propertyPointer, name + Identifiers.ToPascalCase(jsonName).TrimStart('@', '_'));
            properties.Add(new PropertyModel(jsonName, propertyName, type, required.Contains(jsonName), AllowsNull(propertySchema),
                Describe(propertySchema), null, propertySchema.Deprecated, string.Empty, false));
        }

        _types.Add(new TypeModel(TypeModelKind.MultipartForm, name, schema.Description, pointer, false, properties.ToEquatableArray(), default));
        TypeRef form = TypeRef.ModelOf(name);
        _forms[pointer] = form;
        return form;
    }

    private static IOpenApiSchema? Dereference(IOpenApiSchema schema) => schema is OpenApiSchemaReference reference ? reference.Target : schema;

    /// <summary>A string of bytes: <c>format: binary</c> (a file part).</summary>
    private static bool IsBinary(IOpenApiSchema schema) =>
        Dereference(schema) is { } target && (target.Type & ~JsonSchemaType.Null) == JsonSchemaType.String && target.Format == "binary";
}

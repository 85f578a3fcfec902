using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using SliceClientGen.Model;

namespace SliceClientGen.Building;

/// <summary>
/// Inline schemas that are copies of a component schema, so that they are typed as the component instead of getting a
/// type of their own (GitHub's webhook payloads write out <c>repository</c>, <c>milestone</c>, <c>author_association</c>
/// … inline, identical to the components of those names).
/// <para>
/// <b>Identical</b>: both schemas, as Microsoft.OpenApi reads them, serialize to the same JSON (the OpenAPI 3.1 form;
/// a nested <c>$ref</c> is compared as the reference it is, not as what it points to), leaving out at the top level of
/// each schema only what never reaches the type's code:
/// </para>
/// <list type="bullet">
/// <item><c>title</c>, <c>example</c>, <c>examples</c>, <c>externalDocs</c> and <c>$comment</c>, which the generated
/// code does not show;</item>
/// <item><c>null</c> among the schema's types (OpenAPI 3.0's <c>nullable</c>): whether a value may be null belongs to
/// the property, item or parameter using the schema, which keeps reading it from the inline schema.</item>
/// </list>
/// <para>
/// Everything else counts, at every level: properties (their names, order and schemas), <c>required</c>, types and
/// formats, enum values, defaults, <c>additionalProperties</c>, discriminators, <c>readOnly</c>/<c>writeOnly</c>,
/// <c>deprecated</c>, extensions, and the <c>description</c>, so two enums of the same values that say they mean
/// different things (GitHub has 923 inline <c>[read, write]</c> permission levels) are not typed as one another.
/// Nested annotations count too (they are the docs of the type's members).
/// </para>
/// <para>
/// The components an inline schema may become are those with a plain generated type: objects and string enums, not
/// unions nor the bases and variants of discriminated polymorphism (whose types depend on their place in a hierarchy).
/// When several components have the inline schema's content (GitHub's <c>simple-user</c> and
/// <c>nullable-simple-user</c>), the one the inline schema copies exactly (title and nullability included) is taken,
/// else the first of them in document order. Components themselves always keep their own types.
/// </para>
/// </summary>
internal sealed class ComponentCopies
{
    /// <summary>Candidates by <see cref="Outline"/>, each list in document order: only schemas that share one are serialized.</summary>
    private readonly Dictionary<string, List<Target>> _byOutline = new(System.StringComparer.Ordinal);

    /// <param name="targets">The components an inline copy may become, in document order, with their types.</param>
    public ComponentCopies(IEnumerable<(IOpenApiSchema Schema, TypeRef Type)> targets)
    {
        foreach ((IOpenApiSchema schema, TypeRef type) in targets)
        {
            string outline = Outline(schema);
            if (!_byOutline.TryGetValue(outline, out List<Target>? list))
            {
                list = new List<Target>();
                _byOutline.Add(outline, list);
            }

            list.Add(new Target(schema, type));
        }
    }

    /// <summary>The type of the component <paramref name="inline"/> is identical to, or null if it copies none.</summary>
    public TypeRef? Find(IOpenApiSchema inline)
    {
        if (!_byOutline.TryGetValue(Outline(inline), out List<Target>? targets))
        {
            return null;
        }

        string content = Serialize(inline, asType: true);
        Target? first = null;
        string? exact = null;
        foreach (Target target in targets)
        {
            if (target.Content != content)
            {
                continue;
            }

            first ??= target;
            exact ??= Serialize(inline, asType: false);
            if (target.Exact == exact)
            {
                return target.Type;
            }
        }

        return first?.Type;
    }

    /// <summary>
    /// A cheap key two identical schemas share: property names, enum values, allOf and required counts and the
    /// description, so the schemas of a large document are not all serialized (<see cref="InlineCopies"/> keys every
    /// inline object and enum by it).
    /// </summary>
    internal static string Outline(IOpenApiSchema schema)
    {
        var outline = new StringBuilder(schema.Description);
        outline.Append('|').Append(schema.AllOf?.Count ?? 0).Append('|').Append(schema.Required?.Count ?? 0);
        if (schema.Properties is { } properties)
        {
            foreach (string name in properties.Keys)
            {
                outline.Append("|p:").Append(name);
            }
        }

        if (schema.Enum is { } values)
        {
            foreach (JsonNode? value in values)
            {
                outline.Append("|e:").Append(value?.ToJsonString());
            }
        }

        return outline.ToString();
    }

    /// <summary>
    /// The schema as OpenAPI 3.1 JSON; <paramref name="asType"/> leaves out the top-level annotations and the null type
    /// that do not change the generated type (see the class summary).
    /// </summary>
    internal static string Serialize(IOpenApiSchema schema, bool asType)
    {
        IOpenApiSchema written = schema;
        if (asType && schema.CreateShallowCopy() is OpenApiSchema copy)
        {
            JsonSchemaType? type = schema.Type & ~JsonSchemaType.Null;
            copy.Type = type == 0 ? null : type;
            copy.Title = null;
#pragma warning disable CS0618 // Example is obsolete, but an OpenAPI 3.0 document's 'example' is read into it.
            copy.Example = null;
#pragma warning restore CS0618
            copy.Examples = null;
            copy.ExternalDocs = null;
            copy.Comment = null;
            written = copy;
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        written.SerializeAsV31(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));
        return text.ToString();
    }

    /// <summary>A component an inline schema may become; its two serializations are made when first compared.</summary>
    private sealed class Target
    {
        private readonly IOpenApiSchema _schema;
        private string? _content;
        private string? _exact;

        public Target(IOpenApiSchema schema, TypeRef type)
        {
            _schema = schema;
            Type = type;
        }

        public TypeRef Type { get; }

        public string Content => _content ??= Serialize(_schema, asType: true);

        public string Exact => _exact ??= Serialize(_schema, asType: false);
    }
}

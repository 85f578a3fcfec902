using Microsoft.CodeAnalysis;

namespace SliceClientGen.Diagnostics;

/// <summary>
/// Every diagnostic SliceClientGen reports. Ids are stable (README and AnalyzerReleases.*.md list them);
/// severities can be changed in .editorconfig like any analyzer's.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "SliceClientGen";
    private const string HelpLink = "https://github.com/sliceclientgen/sliceclientgen#diagnostics";

    public static readonly DiagnosticDescriptor UnreadableDocument = new(
        id: "SCG0001",
        title: "The OpenAPI document cannot be read",
        messageFormat: "'{0}' is not readable YAML/JSON at {1}: {2}. Fix the syntax; nothing is generated from this document until then.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        id: "SCG0002",
        title: "A $ref cannot be resolved",
        messageFormat: "The $ref '{0}' at {1} does not resolve to anything in the document. Point it at an existing component (only local '#/components/...' references are supported); the value is typed as JsonElement until then.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        id: "SCG0003",
        title: "An OpenAPI construct is not supported yet",
        messageFormat: "{0} at {1} is not supported yet: {2}. The rest of the document is still generated.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor NameCollision = new(
        id: "SCG0004",
        title: "Two OpenAPI names map to the same C# name",
        messageFormat: "{0} at {1} maps to the C# name '{2}', which {3} already uses; it is generated as '{4}'. Rename one of them in the document to choose the name yourself.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor InvalidNamespace = new(
        id: "SCG0005",
        title: "The Namespace of an OpenApiClient item is not a valid C# namespace",
        messageFormat: "Namespace '{0}' given for '{1}' is not a valid C# namespace. Use dotted C# identifiers, e.g. Namespace=\"Contoso.Kube\".",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor InvalidClassName = new(
        id: "SCG0006",
        title: "The ClassName of an OpenApiClient item is not a valid C# identifier",
        messageFormat: "ClassName '{0}' given for '{1}' is not a valid C# class name. Use one C# identifier, e.g. ClassName=\"EndpointSlicesClient\".",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor InvalidOpenApi = new(
        id: "SCG0007",
        title: "The document is not an OpenAPI document",
        messageFormat: "'{0}' cannot be read as an OpenAPI 3.x document at {1}: {2}. Nothing is generated from this document until then.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor ImpliedParameters = new(
        id: "SCG0008",
        title: "List/watch parameters the document omits are offered anyway",
        messageFormat: "The list operation '{0}' does not declare the query parameters {1}; they are offered anyway because every Kubernetes API server honours them on list and watch calls ({2})",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor AmbiguousUnion = new(
        id: "SCG0020",
        title: "Two alternatives of a union cannot always be told apart from the JSON",
        messageFormat: "In the union '{0}' at {1}, the cases {2} and {3} cannot always be told apart ({4}): {5}. Add a discriminator, required properties or distinct types to the alternatives to make the choice explicit.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor ValidationFinding = new(
        id: "SCG0009",
        title: "The document breaks an OpenAPI rule",
        messageFormat: "'{0}' breaks the OpenAPI rule {1} at {2}: {3}. The document is generated as written.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor UnreadableValue = new(
        id: "SCG0010",
        title: "A value in the document cannot be read as OpenAPI",
        messageFormat: "'{0}' has a value at {1} that cannot be read as OpenAPI: {2}. The value is ignored and the rest of the document is generated.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        id: "SCG0011",
        title: "The generator failed on this document",
        messageFormat: "SliceClientGen failed while generating from '{0}' at {1}: {2}. Nothing is generated from this document; please report this with the document.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor SelfReference = new(
        id: "SCG0012",
        title: "A schema refers to itself in a way that adds nothing or cannot be typed",
        messageFormat: "The schema at {0} {1}: {2}. The rest of the document is still generated.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor BooleanSchema = new(
        id: "SCG0013",
        title: "A boolean schema is read as the schema it stands for",
        messageFormat: "The schema at {0} is the boolean schema '{1}': {2}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor TooDeep = new(
        id: "SCG0014",
        title: "Part of the document nests deeper than the generator reads",
        messageFormat: "{0} at {1} nests deeper than the {2} levels SliceClientGen reads: {3}. The rest of the document is generated.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor ClassNameRenamed = new(
        id: "SCG0015",
        title: "The ClassName of an OpenApiClient item is a type name the generated code uses",
        messageFormat: "ClassName '{0}' given for '{1}' is a name the generated models use ({2}), which a class of that name would capture; the client is generated as '{3}'. Choose another ClassName to name it yourself.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor GeneratedFileClash = new(
        id: "SCG0016",
        title: "Two OpenApiClient items generate a file of the same name",
        messageFormat: "'{0}' (Namespace '{1}', ClassName '{2}') generates {3} that another OpenApiClient item already generates: the two items' Namespace and ClassName overlap, so their code would also declare one C# name twice (a class and a namespace of the same full name, or one class twice). Those files are left out. Give one of the items another Namespace or ClassName.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: HelpLink);

    private static readonly DiagnosticDescriptor[] All =
    {
        UnreadableDocument, UnresolvedReference, UnsupportedConstruct, NameCollision, InvalidNamespace, InvalidClassName, InvalidOpenApi, ImpliedParameters, AmbiguousUnion,
        ValidationFinding, UnreadableValue, GeneratorFailure, SelfReference, BooleanSchema, TooDeep, ClassNameRenamed, GeneratedFileClash,
    };

    public static DiagnosticDescriptor ById(string id)
    {
        foreach (DiagnosticDescriptor descriptor in All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        throw new System.ArgumentException("Unknown diagnostic id " + id, nameof(id));
    }
}

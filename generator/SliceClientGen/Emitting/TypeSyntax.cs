using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>How a <see cref="TypeRef"/> is spelled and read/written in generated C#.</summary>
internal static class TypeSyntax
{
    /// <summary>A generated type's name as written inside a class whose members might hide it.</summary>
    public static string TypeName(TypeScope scope, string name) =>
        scope.MemberNames.Contains(name) ? "global::" + scope.Namespace + "." + name : name;

    /// <summary>
    /// A framework or runtime type as an expression inside a class whose members might hide it (<c>HashCode.Combine</c>,
    /// <c>JsonModelEquality.ListEqual</c>): short, as the file's usings allow, unless a member takes its name.
    /// </summary>
    public static string External(TypeScope scope, string @namespace, string name) =>
        scope.MemberNames.Contains(name) ? "global::" + @namespace + "." + name : name;

    /// <summary>The public type: <c>string</c>, <c>IList&lt;Endpoint&gt;</c>, <c>IDictionary&lt;string, string&gt;</c>.</summary>
    public static string Public(TypeScope scope, TypeRef type) => type.Kind switch
    {
        TypeRefKind.String => "string",
        TypeRefKind.Boolean => "bool",
        TypeRefKind.Int32 => "int",
        TypeRefKind.Int64 => "long",
        TypeRefKind.Double => "double",
        TypeRefKind.DateTimeOffset => "DateTimeOffset",
        TypeRefKind.Any => "JsonElement",
        TypeRefKind.Model or TypeRefKind.Enum or TypeRefKind.Union => TypeName(scope, type.Name!),
        TypeRefKind.IntOrString => IntOrString,
        TypeRefKind.File => FormFile,
        TypeRefKind.List => "IList<" + Public(scope, type.Element!) + ">",
        TypeRefKind.Map => "IDictionary<string, " + Public(scope, type.Element!) + ">",
        _ => "JsonElement",
    };

    /// <summary>The concrete collection created for a list or map.</summary>
    public static string Concrete(TypeScope scope, TypeRef type) => type.Kind switch
    {
        TypeRefKind.List => "List<" + Public(scope, type.Element!) + ">",
        TypeRefKind.Map => "Dictionary<string, " + Public(scope, type.Element!) + ">",
        _ => Public(scope, type),
    };

    /// <summary>
    /// Whether values of the type are read with the read's <c>JsonReadContext</c>: strings (shared when they repeat),
    /// objects, lists and maps (whose keys are shared); numbers, booleans, enums and raw JSON need none.
    /// </summary>
    public static bool NeedsContext(TypeRef type) =>
        type.Kind is TypeRefKind.String or TypeRefKind.Model or TypeRefKind.List or TypeRefKind.Map or TypeRefKind.Union;

    /// <summary>
    /// A <c>JsonValueReader&lt;T&gt;</c> for a non-null value that starts a read of its own (a response body): a
    /// method group or a static lambda; a list or map creates the read's context.
    /// </summary>
    /// <param name="scope">Where the code goes.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="depth">Nesting depth of lambdas (parameter names).</param>
    public static string Reader(TypeScope scope, TypeRef type, int depth = 0) => type.Kind switch
    {
        TypeRefKind.String => "JsonModelReader.ReadStringValue",
        TypeRefKind.Boolean => "JsonModelReader.ReadBoolean",
        TypeRefKind.Int32 => "JsonModelReader.ReadInt32",
        TypeRefKind.Int64 => "JsonModelReader.ReadInt64",
        TypeRefKind.Double => "JsonModelReader.ReadDouble",
        TypeRefKind.DateTimeOffset => "JsonModelReader.ReadDateTimeOffset",
        TypeRefKind.Any => "JsonModelReader.ReadElement",
        TypeRefKind.Model or TypeRefKind.Union => TypeName(scope, type.Name!) + ".JsonConverter.ReadValue",
        TypeRefKind.Enum => OpenEnumConverter(scope, type) + ".ReadValue",
        TypeRefKind.IntOrString => IntOrString + ".JsonConverter.ReadValue",
        _ => "static (ref Utf8JsonReader reader" + depth + ", JsonSerializerOptions options" + depth + ") => (" + Public(scope, type) + ")"
            + ReadCollection(scope, type, "reader" + depth, "options" + depth, "new " + ContextType + "()", depth + 1),
    };

    /// <summary>
    /// A <c>JsonContextReader&lt;T&gt;</c> for a non-null value read as part of a larger read (list items, map
    /// values, watch events): a method group or a static lambda. Only for types that <see cref="NeedsContext"/>.
    /// </summary>
    /// <param name="scope">Where the code goes.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="depth">Nesting depth of lambdas (parameter names).</param>
    public static string ContextReader(TypeScope scope, TypeRef type, int depth = 0) => type.Kind switch
    {
        TypeRefKind.String => "JsonModelReader.ReadStringValue",
        TypeRefKind.Model or TypeRefKind.Union => TypeName(scope, type.Name!) + ".JsonConverter.ReadValue",
        TypeRefKind.List or TypeRefKind.Map => "static (ref Utf8JsonReader reader" + depth + ", JsonSerializerOptions options" + depth + ", " + ContextType + " context" + depth + ") => ("
            + Public(scope, type) + ")" + ReadCollection(scope, type, "reader" + depth, "options" + depth, "context" + depth, depth + 1),
        _ => throw new System.ArgumentException("No context reader for " + type.Kind, nameof(type)),
    };

    /// <summary>An expression reading a list or map at the reader's current (non-null) token.</summary>
    /// <param name="scope">Where the code goes.</param>
    /// <param name="type">The list or map type.</param>
    /// <param name="reader">The reader variable.</param>
    /// <param name="options">The options variable.</param>
    /// <param name="context">The read's context (a variable, or an expression creating one: used at most once).</param>
    /// <param name="depth">Nesting depth of lambdas (parameter names).</param>
    /// <param name="property">For a map property, an expression for its <c>JsonPropertyShape</c> (how its keys are shared), or null.</param>
    public static string ReadCollection(TypeScope scope, TypeRef type, string reader, string options, string context, int depth = 0, string? property = null)
    {
        string keysArgument = type.Kind == TypeRefKind.Map && property is not null ? ", " + property : string.Empty;
        TypeRef element = type.Element!;
        string prefix = (type.Kind == TypeRefKind.List ? "JsonModelReader.ReadList<" : "JsonModelReader.ReadDictionary<") + Public(scope, element) + ">(ref " + reader + ", " + options + ", ";
        if (NeedsContext(element))
        {
            return prefix + context + ", " + ContextReader(scope, element, depth) + keysArgument + ")";
        }

        // Numbers, booleans, enums, raw JSON: a list needs no context; a map still shares its keys through it.
        return prefix + Reader(scope, element, depth) + (type.Kind == TypeRefKind.Map ? ", " + context + keysArgument : string.Empty) + ")";
    }

    /// <summary>The runtime's converter of an open enum (<c>JsonOpenEnumConverter&lt;WorkflowState&gt;</c>): no schema or member may take its name.</summary>
    private static string OpenEnumConverter(TypeScope scope, TypeRef type) =>
        GeneratedNames.OpenEnumConverter + "<" + TypeName(scope, type.Name!) + ">";

    /// <summary>The runtime's integer-or-string type (generated files import its namespace; no schema may take the name).</summary>
    public const string IntOrString = "IntOrString";

    /// <summary>The runtime's file part of a multipart body (form files import its namespace; no schema may take the name).</summary>
    public const string FormFile = "FormFile";

    /// <summary>The runtime's per-read context type.</summary>
    public const string ContextType = "global::SliceClientGen.Runtime.Serialization.JsonReadContext";

    /// <summary>A <c>JsonValueWriter&lt;T&gt;</c> for a non-null value: a method group or a static lambda.</summary>
    public static string Writer(TypeScope scope, TypeRef type, int depth = 0) => type.Kind switch
    {
        TypeRefKind.String => "JsonModelWriter.WriteString",
        TypeRefKind.Boolean => "JsonModelWriter.WriteBoolean",
        TypeRefKind.Int32 => "JsonModelWriter.WriteInt32",
        TypeRefKind.Int64 => "JsonModelWriter.WriteInt64",
        TypeRefKind.Double => "JsonModelWriter.WriteDouble",
        TypeRefKind.DateTimeOffset => "JsonModelWriter.WriteDateTimeOffset",
        TypeRefKind.Any => "JsonModelWriter.WriteElement",
        TypeRefKind.Model or TypeRefKind.Union => TypeName(scope, type.Name!) + ".JsonConverter.WriteValue",
        TypeRefKind.Enum => OpenEnumConverter(scope, type) + ".WriteValue",
        TypeRefKind.IntOrString => IntOrString + ".JsonConverter.WriteValue",
        _ => "static (Utf8JsonWriter writer" + depth + ", " + Public(scope, type) + " value" + depth + ", JsonSerializerOptions options" + depth + ") => "
            + WriteValue(scope, type, "writer" + depth, "value" + depth, "options" + depth, depth + 1),
    };

    /// <summary>A statement-expression writing a non-null value.</summary>
    public static string WriteValue(TypeScope scope, TypeRef type, string writer, string value, string options, int depth = 0) => type.Kind switch
    {
        TypeRefKind.List => "JsonModelWriter.WriteList<" + Public(scope, type.Element!) + ">(" + writer + ", " + value + ", " + options + ", " + Writer(scope, type.Element!, depth) + ")",
        TypeRefKind.Map => "JsonModelWriter.WriteDictionary<" + Public(scope, type.Element!) + ">(" + writer + ", " + value + ", " + options + ", " + Writer(scope, type.Element!, depth) + ")",
        _ => Writer(scope, type, depth) + "(" + writer + ", " + value + ", " + options + ")",
    };
}

/// <summary>The namespace and the member names of the class code is emitted into.</summary>
internal sealed class TypeScope
{
    public TypeScope(string @namespace, System.Collections.Generic.IEnumerable<string> memberNames)
    {
        Namespace = @namespace;
        MemberNames = new System.Collections.Generic.HashSet<string>(memberNames, System.StringComparer.Ordinal);
    }

    public string Namespace { get; }

    public System.Collections.Generic.HashSet<string> MemberNames { get; }

    public static TypeScope For(DocumentTarget target, TypeModel type) =>
        new(target.Namespace, System.Linq.Enumerable.Select(type.Properties, p => p.Name));
}

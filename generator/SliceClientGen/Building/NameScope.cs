using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Emitting;

namespace SliceClientGen.Building;

/// <summary>
/// The one place that knows which C# names the generated code uses itself, so that Building/ never gives a
/// schema, property, enum member, operation or argument a name that would collide with (or hide) one of them.
/// Each question takes the names of <see cref="GeneratedNames"/>; nothing else keeps a list.
/// </summary>
internal static class NameScope
{
    /// <summary>Members every class and struct has (from <see cref="object"/>).</summary>
    private static readonly string[] ObjectMembers =
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    /// <summary>Members of a generated model besides its properties.</summary>
    private static readonly string[] ModelMembers =
    {
        GeneratedNames.AdditionalProperties, GeneratedNames.JsonConverter,
    };

    /// <summary>Members of a generated open enum besides its values.</summary>
    private static readonly string[] EnumMembers =
    {
        GeneratedNames.EnumValue, GeneratedNames.EnumIsKnown, GeneratedNames.JsonConverter, GeneratedNames.KnownValuesField,
    };

    /// <summary>Members of the generated client class besides its operation methods.</summary>
    private static readonly string[] ClientMembers =
    {
        GeneratedNames.DefaultServer, GeneratedNames.Pipeline,
    };

    /// <summary>Arguments every operation method declares itself.</summary>
    private static readonly string[] OperationArguments =
    {
        GeneratedNames.CancellationTokenArgument, GeneratedNames.RequestArgument, GeneratedNames.WatchOptionsArgument, GeneratedNames.StreamingOptionsArgument, GeneratedNames.PatchTypeArgument,
        GeneratedNames.PageSizeArgument, GeneratedNames.PagingOptionsArgument, GeneratedNames.ContinueTokenLocal,
        GeneratedNames.PageTokenLocal, GeneratedNames.WatchConnectionLocal, GeneratedNames.CreateWatchRequestLocal,
    };

    /// <summary>
    /// Names generated code uses without qualification (framework and runtime types, the members of the
    /// nested converters): a schema may not take them, or references to them would bind to the schema's type.
    /// </summary>
    private static readonly string[] TypeNames =
    {
        GeneratedNames.JsonConverter, GeneratedNames.ReadValue, GeneratedNames.WriteValue,
        GeneratedNames.Shape, GeneratedNames.CreateBlank, GeneratedNames.HasContent,
        "WriteProperty", "Read", "Write", "HandleNull", "CanConvert", "Type", "ReadAsPropertyName", "WriteAsPropertyName",
        "JsonElement", "JsonSerializerOptions", "Utf8JsonReader", "Utf8JsonWriter", "JsonException", "JsonTokenType", "JsonEncodedText",
        "JsonPropertyBag", "JsonPropertyOrder", "JsonWireOrder", "JsonModelReader", "JsonModelWriter", "JsonModelOutput", "JsonReadContext", "JsonPathException",
        "DateTimeOffset", "StringComparer", "StringComparison", "ArgumentNullException", "Array", "GeneratedCode",
        "EditorBrowsable", "EditorBrowsableState", "Obsolete", "IEquatable", "Object", "String",
        TypeSyntax.IntOrString, "NotNullWhen", "HashCode", "InvalidOperationException", "JsonValueKind", "BitOperations",
        TypeSyntax.FormFile, "MultipartFormBody", "IMultipartForm",
        GeneratedNames.OpenEnumConverter, GeneratedNames.OpenEnumInterface, GeneratedNames.OpenEnumValues,
    };

    /// <summary>
    /// Types the generated members of a model or enum spell unqualified (the others are qualified where a member
    /// takes their name, see TypeScope): a member with one of these names would capture the type.
    /// </summary>
    private static readonly string[] UnqualifiedInMembers =
    {
        "JsonModelReader", "JsonModelWriter", "JsonModelOutput", "EditorBrowsableState", GeneratedNames.OpenEnumConverter,
    };

    /// <summary>The names a property of model <paramref name="typeName"/> may not take: the type's own name and its other members.</summary>
    /// <remarks>
    /// Runtime types a model's members spell unqualified are included: a property <c>JsonModelReader</c> would
    /// capture <c>JsonModelReader.ReadStringValue(…)</c> in the model's nested converter.
    /// </remarks>
    public static HashSet<string> ForModelProperties(string typeName) => Set(typeName, ObjectMembers, ModelMembers, UnqualifiedInMembers);

    /// <summary>Whether a property name must be changed (it is the type's own name, one of its members or a type its members spell unqualified).</summary>
    public static bool IsReservedModelMember(string name, string typeName) =>
        name == typeName || Contains(ObjectMembers, name) || Contains(ModelMembers, name) || Contains(UnqualifiedInMembers, name);

    /// <summary>The private field names a model's backing fields may not take (its wire layout's).</summary>
    public static HashSet<string> ForModelFields() => Set(null, new[] { GeneratedNames.WireField });

    /// <summary>The names a value of open enum <paramref name="typeName"/> may not take.</summary>
    /// <remarks>Type names the generated code spells unqualified are included: a value <c>EditorBrowsableState</c> would capture <c>[EditorBrowsable(EditorBrowsableState.Never)]</c>.</remarks>
    public static HashSet<string> ForEnumMembers(string typeName) => Set(typeName, ObjectMembers, EnumMembers, UnqualifiedInMembers);

    /// <summary>The names an operation method of the client class may not take.</summary>
    public static HashSet<string> ForClientMembers() => Set(null, ObjectMembers, ClientMembers);

    /// <summary>The names an argument of an operation method may not take.</summary>
    public static HashSet<string> ForOperationArguments() => Set(null, OperationArguments);

    /// <summary>
    /// The names no schema's type may take, besides the client's own (see <see cref="TypeNames"/>); nor may the
    /// members every object or model has: inside a generated class, <c>ToString</c> names the inherited method and
    /// <c>AdditionalProperties</c> the property, not a type.
    /// </summary>
    public static IEnumerable<string> ReservedTypeNames => TypeNames.Concat(ObjectMembers).Concat(ModelMembers);

    /// <summary>Whether a type named <paramref name="name"/> in the generated namespace would capture a name the generated code uses (<see cref="ReservedTypeNames"/>).</summary>
    public static bool IsReservedTypeName(string name) => Contains(TypeNames, name) || Contains(ObjectMembers, name) || Contains(ModelMembers, name);

    /// <summary>What a reserved type name is, for a diagnostic: <c>a framework or runtime type</c>, …</summary>
    public static string DescribeReservedTypeName(string name) =>
        Contains(TypeNames, name) ? "a framework, runtime or generated converter name they spell without its namespace"
        : Contains(ObjectMembers, name) ? "a member every object has"
        : "a member every generated model has";

    private static bool Contains(string[] names, string name) => System.Array.IndexOf(names, name) >= 0;

    private static HashSet<string> Set(string? own, params string[][] lists)
    {
        var set = new HashSet<string>(System.StringComparer.Ordinal);
        if (own is not null)
        {
            set.Add(own);
        }

        foreach (string[] list in lists)
        {
            set.UnionWith(list);
        }

        return set;
    }
}

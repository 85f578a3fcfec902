using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>How a <see cref="TypeRef"/> is spelled and read/written in generated C#.</summary>
internal static class TypeSyntax
{
    /// <summary>A generated type's name as written inside a class whose members might hide it.</summary>
    public static string TypeName(TypeScope scope, string name) =>
        scope.MemberNames.Contains(name) ? "global::" + scope.Namespace + "." + name : name;

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
        TypeRefKind.Model or TypeRefKind.Enum => TypeName(scope, type.Name!),
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

    /// <summary>A <c>JsonValueReader&lt;T&gt;</c> for a non-null value: a method group or a static lambda.</summary>
    /// <param name="scope">Where the code goes.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="depth">Nesting depth of lambdas (parameter names).</param>
    /// <param name="stringReader">The reader of strings at any depth (a string cache's delegate), or null for the plain one.</param>
    public static string Reader(TypeScope scope, TypeRef type, int depth = 0, string? stringReader = null) => type.Kind switch
    {
        TypeRefKind.String => stringReader ?? "JsonModelReader.ReadStringValue",
        TypeRefKind.Boolean => "JsonModelReader.ReadBoolean",
        TypeRefKind.Int32 => "JsonModelReader.ReadInt32",
        TypeRefKind.Int64 => "JsonModelReader.ReadInt64",
        TypeRefKind.Double => "JsonModelReader.ReadDouble",
        TypeRefKind.DateTimeOffset => "JsonModelReader.ReadDateTimeOffset",
        TypeRefKind.Any => "JsonModelReader.ReadElement",
        TypeRefKind.Model or TypeRefKind.Enum => TypeName(scope, type.Name!) + ".JsonConverter.ReadValue",
        _ => "static (ref Utf8JsonReader reader" + depth + ", JsonSerializerOptions options" + depth + ") => (" + Public(scope, type) + ")" + ReadCollection(scope, type, "reader" + depth, "options" + depth, depth + 1, stringReader),
    };

    /// <summary>An expression reading a list or map at the reader's current (non-null) token.</summary>
    /// <param name="scope">Where the code goes.</param>
    /// <param name="type">The list or map type.</param>
    /// <param name="reader">The reader variable.</param>
    /// <param name="options">The options variable.</param>
    /// <param name="depth">Nesting depth of lambdas (parameter names).</param>
    /// <param name="stringReader">The reader of strings at any depth, or null for the plain one.</param>
    /// <param name="keys">The string cache of this map's keys, or null.</param>
    public static string ReadCollection(TypeScope scope, TypeRef type, string reader, string options, int depth = 0, string? stringReader = null, string? keys = null) => type.Kind == TypeRefKind.List
        ? "JsonModelReader.ReadList<" + Public(scope, type.Element!) + ">(ref " + reader + ", " + options + ", " + Reader(scope, type.Element!, depth, stringReader) + ")"
        : "JsonModelReader.ReadDictionary<" + Public(scope, type.Element!) + ">(ref " + reader + ", " + options + ", " + Reader(scope, type.Element!, depth, stringReader) + (keys is null ? string.Empty : ", " + keys) + ")";

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
        TypeRefKind.Model or TypeRefKind.Enum => TypeName(scope, type.Name!) + ".JsonConverter.WriteValue",
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

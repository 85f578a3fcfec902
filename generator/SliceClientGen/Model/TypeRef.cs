namespace SliceClientGen.Model;

internal enum TypeRefKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    DateTimeOffset,

    /// <summary>Any JSON (free-form, unsupported constructs): kept as a JsonElement.</summary>
    Any,

    /// <summary>A generated object model (<see cref="TypeRef.Name"/>).</summary>
    Model,

    /// <summary>A generated open enum (<see cref="TypeRef.Name"/>).</summary>
    Enum,

    /// <summary>An array: IList of <see cref="TypeRef.Element"/>.</summary>
    List,

    /// <summary>additionalProperties: IDictionary from string to <see cref="TypeRef.Element"/>.</summary>
    Map,

    /// <summary>A generated union (<see cref="TypeRef.Name"/>): oneOf/anyOf alternatives or several types, a readonly struct.</summary>
    Union,

    /// <summary>An integer or a string (<c>format: int-or-string</c>, <c>x-kubernetes-int-or-string</c>): the runtime's IntOrString.</summary>
    IntOrString,

    /// <summary>A file part of a <c>multipart/form-data</c> body (<c>format: binary</c>): the runtime's FormFile.</summary>
    File,
}

/// <summary>The C#-relevant shape of a schema used as a property, item or value type.</summary>
internal sealed record TypeRef(TypeRefKind Kind, string? Name = null, TypeRef? Element = null)
{
    public static readonly TypeRef String = new(TypeRefKind.String);
    public static readonly TypeRef Boolean = new(TypeRefKind.Boolean);
    public static readonly TypeRef Int32 = new(TypeRefKind.Int32);
    public static readonly TypeRef Int64 = new(TypeRefKind.Int64);
    public static readonly TypeRef Double = new(TypeRefKind.Double);
    public static readonly TypeRef DateTimeOffset = new(TypeRefKind.DateTimeOffset);
    public static readonly TypeRef Any = new(TypeRefKind.Any);

    public static TypeRef ModelOf(string name) => new(TypeRefKind.Model, name);

    public static TypeRef EnumOf(string name) => new(TypeRefKind.Enum, name);

    public static readonly TypeRef IntOrString = new(TypeRefKind.IntOrString);

    public static readonly TypeRef File = new(TypeRefKind.File);

    public static TypeRef UnionOf(string name) => new(TypeRefKind.Union, name);

    public static TypeRef ListOf(TypeRef element) => new(TypeRefKind.List, null, element);

    public static TypeRef MapOf(TypeRef element) => new(TypeRefKind.Map, null, element);

    /// <summary>True for C# value types (their optional form is <c>T?</c> as Nullable&lt;T&gt;).</summary>
    public bool IsValueType => Kind is TypeRefKind.Boolean or TypeRefKind.Int32 or TypeRefKind.Int64
        or TypeRefKind.Double or TypeRefKind.DateTimeOffset or TypeRefKind.Enum or TypeRefKind.Any or TypeRefKind.Union or TypeRefKind.IntOrString;

    public bool IsCollection => Kind is TypeRefKind.List or TypeRefKind.Map;
}

using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Helpers;

namespace SliceClientGen.Model;

internal enum TypeModelKind
{
    /// <summary>A sealed class with typed properties and preserved unknown JSON properties.</summary>
    Object,

    /// <summary>An open string enum: a readonly struct that keeps any value.</summary>
    Enum,

    /// <summary>A union of alternatives (<see cref="TypeModel.Union"/>): a readonly struct holding one case or the raw JSON.</summary>
    Union,

    /// <summary>
    /// A discriminated base (<see cref="TypeModel.Polymorphism"/>): an abstract class whose variants are object models
    /// deriving from it; <see cref="TypeModel.Properties"/> are the properties every variant has (declared abstract).
    /// </summary>
    Polymorphic,

    /// <summary>
    /// The parts of a <c>multipart/form-data</c> request body: a plain class (not JSON), each of
    /// <see cref="TypeModel.Properties"/> one part; files are <see cref="TypeRefKind.File"/>.
    /// </summary>
    MultipartForm,
}

/// <summary>One generated type, self-contained so it is emitted (and cached) on its own.</summary>
/// <param name="Kind">Object or open enum.</param>
/// <param name="Name">The C# type name.</param>
/// <param name="Description">XML doc text from the schema's description.</param>
/// <param name="SchemaPointer">JSON pointer of the schema in the document (named in the doc comment).</param>
/// <param name="Deprecated">The schema says deprecated.</param>
/// <param name="Properties">Object kind: the properties in document order.</param>
/// <param name="EnumMembers">Enum kind: the known values in document order.</param>
/// <param name="Union">Union kind: the cases and how a JSON value picks one.</param>
/// <param name="Polymorphism">Polymorphic kind: the discriminator and the variants.</param>
/// <param name="BaseType">Object kind: the polymorphic base it is a variant of, or null.</param>
internal sealed record TypeModel(
    TypeModelKind Kind,
    string Name,
    string? Description,
    string SchemaPointer,
    bool Deprecated,
    EquatableArray<PropertyModel> Properties,
    EquatableArray<EnumMemberModel> EnumMembers,
    UnionModel? Union = null,
    PolymorphismModel? Polymorphism = null,
    string? BaseType = null)
{
    /// <summary>At most this many property values go into an object model's hash code.</summary>
    public const int MaxHashedProperties = 4;

    /// <summary>
    /// Object kind: the properties whose values go into the hash code, the first <see cref="MaxHashedProperties"/> in
    /// declaration order whose value hashes cheaply (<see cref="PropertyModel.HashedAs"/>). Presence and the number of
    /// unknown members are hashed too, so equal objects hash equal; a bounded hash keeps the generated method small.
    /// </summary>
    public IEnumerable<PropertyModel> HashedProperties =>
        Properties.Where(property => property.HashedAs != PropertyHash.None).Take(MaxHashedProperties);
}

/// <summary>How a property's value goes into its object's hash code: always consistently with its equality.</summary>
internal enum PropertyHash
{
    /// <summary>Not hashed (an object, a union, any JSON, an int-or-string: costly or with structural equality).</summary>
    None,

    /// <summary>The value itself: a string (ordinal), a scalar, a timestamp or an enum.</summary>
    Value,

    /// <summary>The number of items of a list or entries of a map (they compare by content).</summary>
    Count,
}

/// <summary>One property of an object model.</summary>
/// <param name="JsonName">The name on the wire.</param>
/// <param name="Name">The C# property name (valid, unique in its type, never the type's own name).</param>
/// <param name="Type">The property's type.</param>
/// <param name="Required">Listed in the schema's <c>required</c>: drives the nullable annotation only; reading never throws.</param>
/// <param name="AllowsNull">The schema allows JSON null (3.0 <c>nullable</c>, 3.1 <c>type: [x, "null"]</c>).</param>
/// <param name="Description">XML doc text.</param>
/// <param name="InitialValue">JSON text of a <c>const</c> or scalar <c>default</c> that a new instance starts with, or null.</param>
/// <param name="Deprecated">The schema says deprecated.</param>
/// <param name="FieldName">The private backing field (unique among the model's fields, never its wire layout's).</param>
/// <param name="UniqueValues">The document says every value is unique (format uuid, byte, binary): its strings are never shared within a read.</param>
/// <param name="Inherited">A variant's property its polymorphic base declares (abstract): the variant overrides it.</param>
internal sealed record PropertyModel(
    string JsonName,
    string Name,
    TypeRef Type,
    bool Required,
    bool AllowsNull,
    string? Description,
    string? InitialValue,
    bool Deprecated,
    string FieldName,
    bool UniqueValues,
    bool Inherited = false)
{
    /// <summary>Required and not nullable, a list, map or object: it reads as empty (created on first access) when absent,
    /// and is written once something is put in it.</summary>
    public bool CreatedOnFirstAccess => Required && !AllowsNull && Type.Kind is TypeRefKind.List or TypeRefKind.Map or TypeRefKind.Model;

    /// <summary>How the property's value goes into its object's hash code (<see cref="TypeModel.HashedProperties"/>).</summary>
    public PropertyHash HashedAs => Type.Kind switch
    {
        TypeRefKind.String or TypeRefKind.Boolean or TypeRefKind.Int32 or TypeRefKind.Int64 or TypeRefKind.Double
            or TypeRefKind.DateTimeOffset or TypeRefKind.Enum => PropertyHash.Value,
        TypeRefKind.List or TypeRefKind.Map => PropertyHash.Count,
        _ => PropertyHash.None,
    };

    /// <summary>Required and not nullable: the property's type is not annotated nullable.</summary>
    public bool NonNullable => Required && !AllowsNull;

    /// <summary>A string whose value a read may share with other objects (one instance per repeated value): the
    /// instance can sit far from this object in memory, so the writer asks for it before writing the object.</summary>
    public bool SharedString => Type.Kind == TypeRefKind.String && !UniqueValues;
}

/// <summary>One known value of an open enum.</summary>
/// <param name="Value">The wire value.</param>
/// <param name="Name">The C# member name.</param>
internal sealed record EnumMemberModel(string Value, string Name);

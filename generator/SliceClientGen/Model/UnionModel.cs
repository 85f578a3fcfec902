using System;
using SliceClientGen.Helpers;

namespace SliceClientGen.Model;

/// <summary>The JSON token kinds a union case can be read from.</summary>
[Flags]
internal enum UnionTokens
{
    None = 0,
    String = 1,

    /// <summary>A number without fraction or exponent that fits the case's integer type.</summary>
    Integer = 2,

    /// <summary>Any number.</summary>
    Number = 4,
    Boolean = 8,
    Object = 16,
    Array = 32,
    Any = String | Integer | Number | Boolean | Object | Array,
}

/// <summary>
/// How a union's JSON value picks its case. Decided here, at generation time, so the emitted reader is a
/// switch on the token kind and, for objects, on the discriminator value or the property names present.
/// </summary>
/// <param name="DiscriminatorProperty">The discriminator's JSON property name, or null: then objects pick by property names.</param>
/// <param name="Cases">The cases in document order.</param>
/// <param name="PropertyNames">
/// Property names that tell object cases apart (at most 64): bit <c>i</c> of a case's masks is name <c>i</c>.
/// Empty for discriminated unions and unions with at most one object case.
/// </param>
internal sealed record UnionModel(
    string? DiscriminatorProperty,
    EquatableArray<UnionCaseModel> Cases,
    EquatableArray<string> PropertyNames);

/// <summary>One case of a union.</summary>
/// <param name="Name">The case's name in member names (<c>IsCat</c>, <c>TryGetCat</c>, <c>FromCat</c>).</param>
/// <param name="Type">The case's value type.</param>
/// <param name="Tokens">The token kinds it is read from.</param>
/// <param name="DiscriminatorValues">Discriminated unions: the discriminator values that select it.</param>
/// <param name="RequiredMask">Object cases: the names (of <see cref="UnionModel.PropertyNames"/>) that must be present.</param>
/// <param name="DistinctiveMask">Object cases: the names only this case declares.</param>
/// <param name="DeclaredMask">Object cases: every name it declares.</param>
/// <param name="Description">Doc text of the alternative, if any.</param>
internal sealed record UnionCaseModel(
    string Name,
    TypeRef Type,
    UnionTokens Tokens,
    EquatableArray<string> DiscriminatorValues,
    ulong RequiredMask,
    ulong DistinctiveMask,
    ulong DeclaredMask,
    string? Description);

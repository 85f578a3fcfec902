using SliceClientGen.Helpers;

namespace SliceClientGen.Model;

/// <summary>
/// How a discriminated base picks its variant: the discriminator property's value names it (by the mapping, else by
/// the variant's schema name). A value naming no variant reads as <see cref="UnknownVariant"/>, which keeps every member.
/// </summary>
/// <param name="DiscriminatorProperty">The discriminator's JSON property name.</param>
/// <param name="Variants">The variants in document order.</param>
/// <param name="UnknownVariant">The object model an unknown discriminator value (or none) reads as.</param>
internal sealed record PolymorphismModel(
    string DiscriminatorProperty,
    EquatableArray<VariantModel> Variants,
    string UnknownVariant);

/// <summary>One variant of a discriminated base.</summary>
/// <param name="TypeName">The variant's object model.</param>
/// <param name="DiscriminatorValues">The discriminator values that select it.</param>
internal sealed record VariantModel(string TypeName, EquatableArray<string> DiscriminatorValues);

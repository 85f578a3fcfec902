namespace SliceClientGen.Emitting;

/// <summary>
/// The identifiers generated code declares or calls by name, in one place: emitters write these constants,
/// and <see cref="Building.NameScope"/> keeps schemas, properties, enum members and operations from taking them.
/// </summary>
internal static class GeneratedNames
{
    // Members of every generated model.

    /// <summary>The model property holding JSON members the schema does not describe.</summary>
    public const string AdditionalProperties = "AdditionalProperties";

    /// <summary>The converter nested in every model and enum.</summary>
    public const string JsonConverter = "JsonConverter";

    /// <summary>The model's private field owning its wire layout (presence, order as read, unknown members).</summary>
    public const string WireField = "_wire";

    // Members of every generated converter.

    /// <summary>The converter's static description of its model (JSON names, kinds, string sharing).</summary>
    public const string Shape = "Shape";

    /// <summary>Reads one value at the reader's current token.</summary>
    public const string ReadValue = "ReadValue";

    /// <summary>Writes one value.</summary>
    public const string WriteValue = "WriteValue";

    /// <summary>Creates a model with nothing set (what a required object property reads as before it is set).</summary>
    public const string CreateBlank = "CreateBlank";

    /// <summary>Whether a model has anything to write.</summary>
    public const string HasContent = "HasContent";

    /// <summary>The index of the property name under the reader.</summary>
    public const string IndexOf = "IndexOf";

    /// <summary>The index of an escaped or split property name.</summary>
    public const string IndexOfSlow = "IndexOfSlow";

    // Members of every generated open enum.

    /// <summary>The enum's wire value.</summary>
    public const string EnumValue = "Value";

    // Members of the generated client (owned by the client emitters; listed so schemas and operations avoid them).

    /// <summary>The client's default server address.</summary>
    public const string DefaultServer = "DefaultServer";

    /// <summary>The client's request pipeline.</summary>
    public const string Pipeline = "Pipeline";

    /// <summary>The cancellation token every operation method takes.</summary>
    public const string CancellationTokenArgument = "cancellationToken";

    /// <summary>The request body argument of an operation method.</summary>
    public const string RequestArgument = "request";
}

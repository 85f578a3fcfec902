using System.Linq;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits an open enum: a readonly struct holding the wire string, with static members for the values the
/// document lists. Any other value (a newer server's <c>FQDN</c>) reads, compares and writes back unchanged.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.ComponentModel", "System.Text.Json", "System.Text.Json.Serialization", "SliceClientGen.Runtime.Serialization");
        string name = type.Name;
        w.Doc("summary", type.Description ?? "The <c>" + name + "</c> values.");
        w.DocRaw("<remarks>An open enum: values the document does not list are kept as they are, so a newer server never breaks reading.</remarks>");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[JsonConverter(typeof(" + name + ".JsonConverter))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        w.Open("public readonly partial struct " + name + " : IEquatable<" + name + ">");
        w.Line("private readonly string? _value;");
        w.Line();
        w.DocRaw("<summary>Wraps any wire value, listed in the document or not.</summary>");
        w.DocRaw("<param name=\"value\">The value as it appears in JSON.</param>");
        w.Open("public " + name + "(string value)");
        w.Line("_value = value ?? throw new ArgumentNullException(nameof(value));");
        w.Close();
        w.Line();
        foreach (EnumMemberModel member in type.EnumMembers)
        {
            w.Doc("summary", "The value <c>" + member.Value + "</c>.");
            w.Line("public static " + name + " " + member.Name + " { get; } = new(" + CSharpLiterals.String(member.Value) + ");");
            w.Line();
        }

        w.DocRaw("<summary>The value as it appears in JSON (empty for <c>default</c>).</summary>");
        w.Line("public string Value => _value ?? string.Empty;");
        w.Line();
        w.DocRaw("<summary>True when the value is one the document lists.</summary>");
        string known = type.EnumMembers.Count == 0
            ? "false"
            : "_value is " + string.Join(" or ", type.EnumMembers.Select(m => CSharpLiterals.String(m.Value)));
        w.Line("public bool IsKnown => " + known + ";");
        w.Line();
        w.DocRaw("<summary>Wraps a wire value.</summary>");
        w.DocRaw("<param name=\"value\">The value as it appears in JSON.</param>");
        w.Line("public static implicit operator " + name + "(string value) => new(value);");
        w.Line();
        w.DocRaw("<summary>The wire value.</summary>");
        w.DocRaw("<param name=\"value\">The enum value.</param>");
        w.Line("public static explicit operator string(" + name + " value) => value.Value;");
        w.Line();
        w.DocRaw("<summary>Ordinal comparison of the wire values.</summary>");
        w.Line("public static bool operator ==(" + name + " left, " + name + " right) => left.Equals(right);");
        w.Line();
        w.DocRaw("<summary>Ordinal comparison of the wire values.</summary>");
        w.Line("public static bool operator !=(" + name + " left, " + name + " right) => !left.Equals(right);");
        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public bool Equals(" + name + " other) => string.Equals(Value, other.Value, StringComparison.Ordinal);");
        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public override bool Equals(object? obj) => obj is " + name + " other && Equals(other);");
        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);");
        w.Line();
        w.DocRaw("<summary>The wire value.</summary>");
        w.Line("public override string ToString() => Value;");
        w.Line();
        w.Doc("summary", "Reads and writes " + name + " as its JSON string.");
        w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
        w.Open("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + name + ">");
        w.DocRaw("<inheritdoc/>");
        w.Line("public override " + name + " Read(ref Utf8JsonReader reader, global::System.Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader, options);");
        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public override void Write(Utf8JsonWriter writer, " + name + " value, JsonSerializerOptions options) => WriteValue(writer, value, options);");
        w.Line();
        w.DocRaw("<summary>Reads the value at the reader's current token (a JSON string).</summary>");
        if (type.EnumMembers.Count == 0)
        {
            w.Line("public static " + name + " ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => new(JsonModelReader.ReadStringValue(ref reader, options));");
        }
        else
        {
            // A listed value is the static member's instance: no string is allocated for "TCP" or "IPv4".
            w.Open("public static " + name + " ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options)");
            w.Open("if (reader.TokenType == JsonTokenType.String)");
            for (int i = 0; i < type.EnumMembers.Count; i++)
            {
                EnumMemberModel member = type.EnumMembers[i];
                if (i > 0)
                {
                    w.Line();
                }

                w.Open("if (reader.ValueTextEquals(" + CSharpLiterals.String(member.Value) + "u8))");
                w.Line("return global::" + target.Namespace + "." + name + "." + member.Name + ";");
                w.Close();
            }

            w.Close();
            w.Line();
            w.Line("return new(JsonModelReader.ReadStringValue(ref reader, options));");
            w.Close();
        }

        w.Line();
        w.DocRaw("<summary>Writes the wire value.</summary>");
        w.Line("public static void WriteValue(Utf8JsonWriter writer, " + name + " value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);");
        w.Close();
        w.Close();
        return w.ToString();
    }
}

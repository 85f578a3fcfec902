using System.Linq;
using SliceClientGen.Model;
using static SliceClientGen.Emitting.GeneratedNames;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits an open enum: a readonly struct holding the wire string, with static members for the values the
/// document lists. Any other value (a newer server's <c>FQDN</c>) reads, compares and writes back unchanged.
/// </summary>
internal static class EnumEmitter
{
    /// <summary>Up to this many values, IsKnown is one <c>is … or …</c> pattern; above, a switch statement.</summary>
    private const int MaxPatternValues = 64;

    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.ComponentModel", "System.Text.Json", "System.Text.Json.Serialization", "SliceClientGen.Runtime.Serialization");
        string name = type.Name;
        if (type.Description is { } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", type.EnumMembers.Count == 0
                ? "A string value."
                : "One of " + string.Join(", ", type.EnumMembers.Select(m => XmlDoc.Code(m.Value))) + ", or any other string a newer server sends.");
        }

        w.DocXml("remarks", "An open enum: values the document does not list are kept as they are, so a newer server never breaks reading.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[JsonConverter(typeof(" + name + "." + JsonConverter + "))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        using (w.Block("public readonly partial struct " + name + " : IEquatable<" + name + ">"))
        {
            w.Template($$"""
                private readonly string? _value;

                /// <summary>Wraps any wire value, listed in the document or not.</summary>
                /// <param name="value">The value as it appears in JSON.</param>
                public {{name}}(string value)
                {
                    _value = value ?? throw new ArgumentNullException(nameof(value));
                }

                """);
            foreach (EnumMemberModel member in type.EnumMembers)
            {
                w.DocXml("summary", "The value " + XmlDoc.Code(member.Value) + ".");
                w.Line("public static " + name + " " + member.Name + " { get; } = new(" + CSharpLiterals.String(member.Value) + ");");
                w.Line();
            }

            string known = type.EnumMembers.Count == 0
                ? "false"
                : "_value is " + string.Join(" or ", type.EnumMembers.Select(m => CSharpLiterals.String(m.Value)));
            w.Template($$"""
                /// <summary>The value as it appears in JSON (empty for <c>default</c>).</summary>
                public string {{EnumValue}} => _value ?? string.Empty;

                /// <summary>True when the value is one the document lists.</summary>
                """);
            if (type.EnumMembers.Count <= MaxPatternValues)
            {
                w.Line("public bool " + EnumIsKnown + " => " + known + ";");
            }
            else
            {
                // 'is "a" or "b" or …' nests one pattern per value: thousands of values overflow the compiler's stack.
                using (w.Block("public bool " + EnumIsKnown))
                using (w.Block("get"))
                {
                    using (w.Block("switch (_value)"))
                    {
                        foreach (EnumMemberModel member in type.EnumMembers)
                        {
                            w.Line("case " + CSharpLiterals.String(member.Value) + ":");
                        }

                        w.Line("    return true;");
                        w.Line("default:");
                        w.Line("    return false;");
                    }
                }
            }

            w.Template($$"""

                /// <summary>Wraps a wire value.</summary>
                /// <param name="value">The value as it appears in JSON.</param>
                public static implicit operator {{name}}(string value) => new(value);

                /// <summary>The wire value.</summary>
                /// <param name="value">The enum value.</param>
                public static explicit operator string({{name}} value) => value.{{EnumValue}};

                /// <summary>Ordinal comparison of the wire values.</summary>
                public static bool operator ==({{name}} left, {{name}} right) => left.Equals(right);

                /// <summary>Ordinal comparison of the wire values.</summary>
                public static bool operator !=({{name}} left, {{name}} right) => !left.Equals(right);

                /// <inheritdoc/>
                public bool Equals({{name}} other) => string.Equals({{EnumValue}}, other.{{EnumValue}}, StringComparison.Ordinal);

                /// <inheritdoc/>
                public override bool Equals(object? obj) => obj is {{name}} other && Equals(other);

                /// <inheritdoc/>
                public override int GetHashCode() => StringComparer.Ordinal.GetHashCode({{EnumValue}});

                /// <summary>The wire value.</summary>
                public override string ToString() => {{EnumValue}};

                """);
            w.DocXml("summary", "Reads and writes " + XmlDoc.See(name) + " as its JSON string.");
            w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
            using (w.Block("public sealed class " + JsonConverter + " : global::System.Text.Json.Serialization.JsonConverter<" + name + ">"))
            {
                w.Template($$"""
                    /// <inheritdoc/>
                    public override {{name}} Read(ref Utf8JsonReader reader, global::System.Type typeToConvert, JsonSerializerOptions options) => {{ReadValue}}(ref reader, options);

                    /// <inheritdoc/>
                    public override void Write(Utf8JsonWriter writer, {{name}} value, JsonSerializerOptions options) => {{WriteValue}}(writer, value, options);

                    /// <summary>Reads the value at the reader's current token (a JSON string).</summary>
                    """);
                if (type.EnumMembers.Count == 0)
                {
                    w.Line("public static " + name + " " + ReadValue + "(ref Utf8JsonReader reader, JsonSerializerOptions options) => new(JsonModelReader.ReadStringValue(ref reader, options));");
                }
                else
                {
                    // A listed value is the static member's instance: no string is allocated for "TCP" or "IPv4".
                    using (w.Block("public static " + name + " " + ReadValue + "(ref Utf8JsonReader reader, JsonSerializerOptions options)"))
                    {
                        using (w.Block("if (reader.TokenType == JsonTokenType.String)"))
                        {
                            for (int i = 0; i < type.EnumMembers.Count; i++)
                            {
                                EnumMemberModel member = type.EnumMembers[i];
                                w.Template($$"""
                                    {{(i > 0 ? "\n" : string.Empty)}}if (reader.ValueTextEquals({{CSharpLiterals.String(member.Value)}}u8))
                                    {
                                        return global::{{target.Namespace}}.{{name}}.{{member.Name}};
                                    }
                                    """);
                            }
                        }

                        w.Line();
                        w.Line("return new(JsonModelReader.ReadStringValue(ref reader, options));");
                    }
                }

                w.Template($$"""

                    /// <summary>Writes the wire value.</summary>
                    public static void {{WriteValue}}(Utf8JsonWriter writer, {{name}} value, JsonSerializerOptions options) => writer.WriteStringValue(value.{{EnumValue}});
                    """);
            }
        }

        return w.ToString();
    }
}

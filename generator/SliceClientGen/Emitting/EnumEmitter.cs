using System.Linq;
using SliceClientGen.Model;
using static SliceClientGen.Emitting.GeneratedNames;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits an open enum: a readonly struct holding the wire string, with static members for the values the
/// document lists. Any other value (a newer server's <c>FQDN</c>) reads, compares and writes back unchanged.
/// Reading and writing are the runtime's (<c>JsonOpenEnumConverter&lt;T&gt;</c> over the listed values, which the
/// enum hands it through <c>IJsonOpenEnum&lt;T&gt;</c>): the file is mostly its values.
/// </summary>
internal static class EnumEmitter
{
    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.Text.Json.Serialization", "SliceClientGen.Runtime.Serialization");
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
        w.Line("[JsonConverter(typeof(" + OpenEnumConverter + "<" + name + ">))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        using (w.Block("public readonly partial struct " + name + " : IEquatable<" + name + ">, " + OpenEnumInterface + "<" + name + ">"))
        {
            // One flat argument list, however many values: the runtime matches them (a listed value read is this very
            // string, so no string is allocated for it) and answers IsKnown.
            w.Line("private static readonly " + OpenEnumValues + " " + KnownValuesField + " = new(" + string.Join(", ", type.EnumMembers.Select(m => CSharpLiterals.String(m.Value))) + ");");
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
                // The literal is the one in the values table (literals are interned): Active.Value is the string a read returns.
                w.DocXml("summary", "The value " + XmlDoc.Code(member.Value) + ".");
                w.Line("public static " + name + " " + member.Name + " => new(" + CSharpLiterals.String(member.Value) + ");");
                w.Line();
            }

            w.Template($$"""
                /// <summary>The value as it appears in JSON (empty for <c>default</c>).</summary>
                public string {{EnumValue}} => _value ?? string.Empty;

                /// <summary>True when the value is one the document lists.</summary>
                public bool {{EnumIsKnown}} => {{KnownValuesField}}.Contains(_value);

                static {{OpenEnumValues}} {{OpenEnumInterface}}<{{name}}>.KnownValues => {{KnownValuesField}};

                static {{name}} {{OpenEnumInterface}}<{{name}}>.FromValue(string value) => new(value);

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
        }

        return w.ToString();
    }
}

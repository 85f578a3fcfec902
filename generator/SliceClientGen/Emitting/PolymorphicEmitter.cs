using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SliceClientGen.Model;
using static SliceClientGen.Emitting.GeneratedNames;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits a discriminated base: an abstract class declaring the properties every variant shares, whose converter reads
/// the discriminator ahead (a probe over the already-buffered object, stopping at the discriminator) and hands the
/// object to the variant's converter, so it is read once; an unknown value reads as the unknown variant, which keeps
/// every member and writes them back unchanged.
/// </summary>
internal static class PolymorphicEmitter
{
    private const string DiscriminateMethod = "Discriminate";

    public static string Emit(DocumentTarget target, TypeModel type)
    {
        PolymorphismModel polymorphism = type.Polymorphism!;
        string name = type.Name;
        var scope = new TypeScope(target.Namespace, type.Properties.Select(p => p.Name).Append(JsonConverter));
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.ComponentModel", "System.Text.Json", "System.Text.Json.Serialization", "SliceClientGen.Runtime.Serialization");

        string variants = string.Join(", ", polymorphism.Variants.Select(v => XmlDoc.See(TypeSyntax.TypeName(scope, v.TypeName))));
        if (type.Description is { Length: > 0 } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", "One of " + variants + ".");
        }

        w.DocXml("remarks", "The " + XmlDoc.Code(polymorphism.DiscriminatorProperty) + " property names the variant: "
            + string.Join("; ", polymorphism.Variants.Select(v => string.Join(", ", v.DiscriminatorValues.Select(XmlDoc.Code)) + " is " + XmlDoc.See(TypeSyntax.TypeName(scope, v.TypeName))))
            + ". Any other value (a newer server's variant) reads as " + XmlDoc.See(TypeSyntax.TypeName(scope, polymorphism.UnknownVariant)) + ", which keeps every member and writes it back unchanged.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[JsonConverter(typeof(" + name + "." + JsonConverter + "))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        string bases = type.BaseType is { } baseType ? " : " + TypeSyntax.TypeName(scope, baseType) : string.Empty;
        using (w.Block("public abstract partial class " + name + bases))
        {
            w.DocXml("summary", "Only the generated variants derive from " + XmlDoc.See(name) + ".");
            w.Line("private protected " + name + "()");
            w.Line("{");
            w.Line("}");
            w.Line();
            foreach (PropertyModel property in type.Properties.Where(p => !p.Inherited))
            {
                WriteProperty(w, property, scope);
            }

            WriteConverter(w, type, polymorphism, scope);
        }

        return w.ToString();
    }

    private static void WriteProperty(SourceWriter w, PropertyModel property, TypeScope scope)
    {
        if (property.Description is { } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", XmlDoc.Code(property.JsonName) + ", which every variant has.");
        }

        w.DocXml("remarks", "JSON name: " + XmlDoc.Code(property.JsonName) + ".");
        if (property.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        w.Line("public abstract " + TypeSyntax.Public(scope, property.Type) + (property.NonNullable ? string.Empty : "?") + " " + property.Name + " { get; set; }");
        w.Line();
    }

    private static void WriteConverter(SourceWriter w, TypeModel type, PolymorphismModel polymorphism, TypeScope scope)
    {
        string name = type.Name;
        string unknown = TypeSyntax.TypeName(scope, polymorphism.UnknownVariant);
        var variants = polymorphism.Variants.Select((v, i) => (Type: TypeSyntax.TypeName(scope, v.TypeName), Model: v, Index: (i + 1).ToString(CultureInfo.InvariantCulture))).ToList();
        w.DocXml("summary", "Reads and writes " + XmlDoc.See(name) + " by its " + XmlDoc.Code(polymorphism.DiscriminatorProperty) + " property, without reflection.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
        using (w.Block("public " + (type.BaseType is null ? string.Empty : "new ") + "sealed class " + JsonConverter + " : global::System.Text.Json.Serialization.JsonConverter<" + name + ">"))
        {
            w.Template($$"""
                /// <inheritdoc/>
                public override {{name}} Read(ref Utf8JsonReader reader, global::System.Type typeToConvert, JsonSerializerOptions options) => {{ReadValue}}(ref reader, options);

                /// <inheritdoc/>
                public override void Write(Utf8JsonWriter writer, {{name}} value, JsonSerializerOptions options) => {{WriteValue}}(writer, value, options);

                /// <summary>Reads one {{name}} at the reader's current token (the start of an object), as a read of its own.</summary>
                public static {{name}} {{ReadValue}}(ref Utf8JsonReader reader, JsonSerializerOptions options) => {{ReadValue}}(ref reader, options, new JsonReadContext());

                /// <summary>Reads one {{name}} at the reader's current token (the start of an object) as the variant its discriminator names, as part of the read <paramref name="context"/> belongs to.</summary>
                public static {{name}} {{ReadValue}}(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context)
                {
                    JsonModelReader.ExpectStartObject(ref reader, {{CSharpLiterals.String(name)}});
                """);
            using (w.Indented())
            {
                using (w.Block("switch (" + DiscriminateMethod + "(reader))"))
                {
                    foreach (var variant in variants)
                    {
                        w.Line("case " + variant.Index + ":");
                        using (w.Indented())
                        {
                            w.Line("return " + variant.Type + "." + JsonConverter + "." + ReadValue + "(ref reader, options, context);");
                        }
                    }

                    w.Line("default:");
                    using (w.Indented())
                    {
                        w.Line("return " + unknown + "." + JsonConverter + "." + ReadValue + "(ref reader, options, context);");
                    }
                }
            }

            w.Line("}");
            w.Line();
            ConverterEmitter.WriteEntry(w, name);
            w.DocXml("summary", "Writes the variant " + XmlDoc.ParamRef("value") + " is; JSON null for null.");
            using (w.Block("public static void " + WriteValue + "(JsonModelOutput writer, " + name + "? value, JsonSerializerOptions options)"))
            {
                using (w.Block("switch (value)"))
                {
                    w.Line("case null:");
                    using (w.Indented())
                    {
                        w.Line("writer.WriteNullValue();");
                        w.Line("return;");
                    }

                    foreach (var variant in variants.Select(v => (v.Type, Local: "variant" + v.Index)).Append((Type: unknown, Local: "unknown")))
                    {
                        w.Line("case " + variant.Type + " " + variant.Local + ":");
                        using (w.Indented())
                        {
                            w.Line(variant.Type + "." + JsonConverter + "." + WriteValue + "(writer, " + variant.Local + ", options);");
                            w.Line("return;");
                        }
                    }

                    w.Line("default:");
                    using (w.Indented())
                    {
                        w.Line("throw new JsonException(\"A " + name + " must be one of the generated variants, not \" + value.GetType().Name + \".\");");
                    }
                }
            }

            w.Line();
            w.DocXml("summary", "An instance with nothing set (the unknown variant), for a required property created on first access.");
            w.Line("internal static " + name + " " + CreateBlank + "() => " + unknown + "." + JsonConverter + "." + CreateBlank + "();");
            w.Line();
            w.DocXml("summary", "Whether " + XmlDoc.ParamRef("value") + " has anything to write.");
            using (w.Block("internal static bool " + HasContent + "(" + name + "? value) => value switch", ";"))
            {
                foreach (var variant in variants.Select(v => (v.Type, Local: "variant" + v.Index)).Append((Type: unknown, Local: "unknown")))
                {
                    w.Line(variant.Type + " " + variant.Local + " => " + variant.Type + "." + JsonConverter + "." + HasContent + "(" + variant.Local + "),");
                }

                w.Line("_ => false,");
            }

            w.Line();
            WriteDiscriminate(w, polymorphism, variants.Select(v => (v.Model, v.Index)).ToList());
        }
    }

    private static void WriteDiscriminate(SourceWriter w, PolymorphismModel polymorphism, List<(VariantModel Model, string Index)> variants)
    {
        w.DocXml("summary", "The variant the object's " + XmlDoc.Code(polymorphism.DiscriminatorProperty)
            + " names (0: none, not a string, or an unknown value), read from a copy of the reader up to that property.");
        using (w.Block("private static int " + DiscriminateMethod + "(Utf8JsonReader probe)"))
        {
            using (w.Block("while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)"))
            {
                using (w.Block("if (probe.ValueTextEquals(" + CSharpLiterals.String(polymorphism.DiscriminatorProperty) + "u8))"))
                {
                    using (w.Block("if (!probe.Read() || probe.TokenType != JsonTokenType.String)"))
                    {
                        w.Line("return 0;");
                    }

                    w.Line();
                    foreach ((VariantModel variant, string index) in variants)
                    {
                        foreach (string value in variant.DiscriminatorValues)
                        {
                            using (w.Block("if (probe.ValueTextEquals(" + CSharpLiterals.String(value) + "u8))"))
                            {
                                w.Line("return " + index + ";");
                            }

                            w.Line();
                        }
                    }

                    w.Line("return 0;");
                }

                w.Line();
                using (w.Block("if (!probe.Read() || !probe.TrySkip())"))
                {
                    w.Line("return 0;");
                }
            }

            w.Line();
            w.Line("return 0;");
        }
    }
}

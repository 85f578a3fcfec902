using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SliceClientGen.Model;
using static SliceClientGen.Emitting.GeneratedNames;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits the reflection-free converter nested in each object model: the model's static shape (JSON names, kinds,
/// string sharing), a read loop that records the wire layout as it goes (presence, order, unknown members) and a
/// writer that follows it, so an object read from JSON is written back byte for byte.
/// </summary>
internal static class ConverterEmitter
{
    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var scope = TypeScope.For(target, type);
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer, Usings(type));
        string name = type.Name;
        using (w.Block("partial class " + name))
        {
            w.DocXml("summary", "Reads and writes " + XmlDoc.See(name) + " as the OpenAPI document describes it, without reflection.");
            w.Line(EmitterContext.GeneratedCodeAttribute);
            w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
            // A variant's converter hides its base's (a nested type is inherited).
            using (w.Block("public " + (type.BaseType is null ? string.Empty : "new ") + "sealed class " + JsonConverter + " : global::System.Text.Json.Serialization.JsonConverter<" + name + ">"))
            {
                WriteShape(w, type);
                w.Template($$"""
                    /// <inheritdoc/>
                    public override {{name}} Read(ref Utf8JsonReader reader, global::System.Type typeToConvert, JsonSerializerOptions options) => {{ReadValue}}(ref reader, options);

                    /// <inheritdoc/>
                    public override void Write(Utf8JsonWriter writer, {{name}} value, JsonSerializerOptions options) => {{WriteValue}}(writer, value, options);

                    /// <summary>Reads one {{name}} at the reader's current token (the start of an object), as a read of its own.</summary>
                    public static {{name}} {{ReadValue}}(ref Utf8JsonReader reader, JsonSerializerOptions options) => {{ReadValue}}(ref reader, options, new JsonReadContext());

                    """);
                WriteRead(w, type, scope);
                WriteWrite(w, type, scope);
                w.Template($$"""
                    /// <summary>An instance with nothing set, for a required property created on first access.</summary>
                    internal static {{name}} {{CreateBlank}}() => new {{name}}(blank: true);

                    /// <summary>Whether <paramref name="value"/> has anything to write: a property set or read, or an additional property.</summary>
                    internal static bool {{HasContent}}({{name}}? value) => value is not null && value.{{WireField}}.HasContent;
                    """);
            }
        }

        return w.ToString();
    }

    private static string[] Usings(TypeModel type)
    {
        var usings = new List<string>();
        if (type.Properties.Count > 0)
        {
            // ReadOnlySpan in the reader and the writer.
            usings.Add("System");
        }

        usings.Add("System.CodeDom.Compiler");
        if (type.Properties.Any(p => NamesCollectionTypes(p.Type)))
        {
            usings.Add("System.Collections.Generic");
        }

        usings.AddRange(new[] { "System.ComponentModel", "System.Text.Json", "SliceClientGen.Runtime.Serialization" });
        return usings.ToArray();
    }

    /// <summary>Whether reading or writing the property spells a collection type: collections nested in collections
    /// (read by lambdas that cast to <c>IList&lt;T&gt;</c>, written with <c>IList&lt;T&gt;</c> items).</summary>
    private static bool NamesCollectionTypes(TypeRef type) =>
        type.IsCollection && type.Element!.IsCollection;

    private static string Index(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static void WriteShape(SourceWriter w, TypeModel type)
    {
        w.DocXml("summary", "The JSON shape of " + XmlDoc.See(type.Name) + ": its properties in declaration order (a property's index is its position), their kinds and how their strings are shared within a read.");
        if (type.Properties.Count == 0)
        {
            w.Line("public static JsonObjectShape " + Shape + " { get; } = new(" + CSharpLiterals.String(type.Name) + ");");
            w.Line();
            return;
        }

        w.Line("public static JsonObjectShape " + Shape + " { get; } = new(");
        using (w.Indented())
        {
            w.Line(CSharpLiterals.String(type.Name) + ",");
            for (int i = 0; i < type.Properties.Count; i++)
            {
                PropertyModel property = type.Properties[i];
                string options = property.UniqueValues ? ", JsonStringSharing.Never" : property.CreatedOnFirstAccess ? ", createdOnFirstAccess: true" : string.Empty;
                w.Line("new JsonPropertyShape(" + CSharpLiterals.String(property.JsonName) + ", JsonPropertyKind." + Kind(property.Type) + options + ")"
                    + (i == type.Properties.Count - 1 ? ");" : ","));
            }
        }

        w.Line();
    }

    private static string Kind(TypeRef type) => type.Kind switch
    {
        TypeRefKind.String => "String",
        TypeRefKind.Boolean => "Boolean",
        TypeRefKind.Int32 or TypeRefKind.Int64 => "Integer",
        TypeRefKind.Double => "Number",
        TypeRefKind.DateTimeOffset => "Timestamp",
        TypeRefKind.Enum => "Enum",
        TypeRefKind.Model => "Object",
        TypeRefKind.List => "List",
        TypeRefKind.Map => "Map",
        _ => "Any",
    };

    private static void WriteRead(SourceWriter w, TypeModel type, TypeScope scope)
    {
        string name = type.Name;
        bool usesProperties = type.Properties.Any(p => UsesPropertyShape(p.Type));
        w.DocXml("summary", "Reads one " + XmlDoc.See(name) + " at the reader's current token (the start of an object) as part of the read " + XmlDoc.ParamRef("context") + " belongs to.");
        using (w.Block("public static " + name + " " + ReadValue + "(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context)"))
        {
            w.Template($$"""
                JsonModelReader.ExpectStartObject(ref reader, {{CSharpLiterals.String(name)}});
                var result = new {{name}}(blank: true);
                var wire = new JsonWireLayoutReader({{Shape}}, context);
                """);
            if (usesProperties)
            {
                w.Line("ReadOnlySpan<JsonPropertyShape> properties = " + Shape + ".Properties;");
            }

            using (w.Block("try"))
            using (w.Block("while (wire.NextProperty(ref reader))"))
            using (w.Block("switch (wire.MoveToValue(ref reader, " + Shape + ".IndexOf(ref reader)))"))
            {
                for (int i = 0; i < type.Properties.Count; i++)
                {
                    PropertyModel property = type.Properties[i];
                    w.Line("case " + Index(i) + ":");
                    using (w.Indented())
                    {
                        w.Line("result." + property.FieldName + " = " + ReadExpression(property, i, scope) + ";");
                        w.Line("break;");
                    }
                }

                w.Template("""
                    default:
                        wire.ReadUnknownValue(ref reader);
                        break;
                    """);
            }

            w.Template("""
                catch (JsonException exception) when (wire.Current is { } name)
                {
                    throw JsonPathException.AtProperty(exception, name);
                }

                """);
            w.Template($$"""
                result.{{WireField}} = wire.Complete();
                return result;
                """);
        }

        w.Line();
    }

    private static bool UsesPropertyShape(TypeRef type) =>
        type.Kind == TypeRefKind.String || (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.String) || type.Kind == TypeRefKind.Map;

    private static string ReadExpression(PropertyModel property, int index, TypeScope scope)
    {
        TypeRef type = property.Type;
        string shape = "properties[" + Index(index) + "]";
        const string NullOr = "reader.TokenType == JsonTokenType.Null ? ";
        return type.Kind switch
        {
            TypeRefKind.String => "context.ReadString(ref reader, " + shape + ")",
            TypeRefKind.Any => "JsonModelReader.ReadElement(ref reader, options)",
            TypeRefKind.List when type.Element!.Kind == TypeRefKind.String => NullOr + "null : JsonModelReader.ReadStringList(ref reader, options, context, " + shape + ")",
            TypeRefKind.Map when type.Element!.Kind == TypeRefKind.String => NullOr + "null : JsonModelReader.ReadStringDictionary(ref reader, options, context, " + shape + ")",
            TypeRefKind.List or TypeRefKind.Map => NullOr + "null : " + TypeSyntax.ReadCollection(scope, type, "reader", "options", "context", property: type.Kind == TypeRefKind.Map ? shape : null),
            TypeRefKind.Model => NullOr + "default(" + TypeSyntax.Public(scope, type) + "?) : " + TypeSyntax.ContextReader(scope, type) + "(ref reader, options, context)",
            TypeRefKind.Boolean => "JsonModelReader.ReadNullableBoolean(ref reader, options)",
            TypeRefKind.Int32 => "JsonModelReader.ReadNullableInt32(ref reader, options)",
            TypeRefKind.Int64 => "JsonModelReader.ReadNullableInt64(ref reader, options)",
            TypeRefKind.Double => "JsonModelReader.ReadNullableDouble(ref reader, options)",
            TypeRefKind.DateTimeOffset => "JsonModelReader.ReadNullableDateTimeOffset(ref reader, options)",
            // default(T?), not null: an open enum converts implicitly from string, and so would a null literal.
            _ => NullOr + "default(" + TypeSyntax.Public(scope, type) + "?) : " + TypeSyntax.Reader(scope, type) + "(ref reader, options)",
        };
    }

    private static void WriteWrite(SourceWriter w, TypeModel type, TypeScope scope)
    {
        string name = type.Name;
        w.DocXml("summary", "Writes one " + XmlDoc.See(name) + " (JSON null for null): the properties read or set, in the order they were read, then the others in declaration order, then unknown members not yet written.");
        using (w.Block("public static void " + WriteValue + "(Utf8JsonWriter writer, " + name + "? value, JsonSerializerOptions options)"))
        {
            w.Template($$"""
                if (value is null)
                {
                    writer.WriteNullValue();
                    return;
                }

                JsonWireLayout wire = value.{{WireField}};
                writer.WriteStartObject();
                """);
            bool first = true;
            foreach (PropertyModel property in type.Properties)
            {
                if (property.SharedString)
                {
                    if (first)
                    {
                        w.Line("// A read shares repeated strings, so these may sit far away in memory: start loading them now.");
                        first = false;
                    }

                    w.Line("JsonModelWriter.Prefetch(value." + property.FieldName + ");");
                }
            }

            if (type.Properties.Count > 0)
            {
                w.Line("ReadOnlySpan<JsonEncodedText> names = " + Shape + ".EncodedNames;");
                using (w.Block("foreach (int index in wire.WriteOrder(" + Shape + "))"))
                using (w.Block("switch (index)"))
                {
                    for (int i = 0; i < type.Properties.Count; i++)
                    {
                        PropertyModel property = type.Properties[i];
                        w.Line("case " + Index(i) + ":");
                        using (w.Indented())
                        {
                            if (property.CreatedOnFirstAccess)
                            {
                                // Listed even when absent: written when present or not empty.
                                using (w.Block("if (wire.IsPresent(" + Index(i) + ") || " + Content(property, scope) + ")"))
                                {
                                    WritePropertyStatements(w, property, i, scope);
                                }
                            }
                            else
                            {
                                WritePropertyStatements(w, property, i, scope);
                            }

                            w.Line("break;");
                        }
                    }

                    w.Template("""
                        default:
                            wire.WriteUnknownMember(writer, index);
                            break;
                        """);
                }

                w.Line();
            }

            w.Template("""
                wire.WriteUnlistedUnknownMembers(writer);
                writer.WriteEndObject();
                """);
        }

        w.Line();
    }

    private static string Content(PropertyModel property, TypeScope scope) => property.Type.Kind == TypeRefKind.Model
        ? TypeSyntax.TypeName(scope, property.Type.Name!) + "." + JsonConverter + "." + HasContent + "(value." + property.FieldName + ")"
        : "value." + property.FieldName + " is { Count: > 0 }";

    /// <summary>Statements writing one property, name and value (JSON null for a null value): one call for all but a
    /// nested object (its converter writes JSON null for null), as STJ's fast path writes a name with a string, boolean or
    /// number in one writer call.</summary>
    private static void WritePropertyStatements(SourceWriter w, PropertyModel property, int index, TypeScope scope)
    {
        string name = "names[" + Index(index) + "]";
        string field = "value." + property.FieldName;
        TypeRef type = property.Type;
        string? statement = type.Kind switch
        {
            TypeRefKind.String => "writer.WriteString(" + name + ", " + field + ");",
            TypeRefKind.Enum => "writer.WriteString(" + name + ", " + field + "?." + EnumValue + ");",
            TypeRefKind.Boolean => "JsonModelWriter.WriteBoolean(writer, " + name + ", " + field + ");",
            TypeRefKind.Int32 or TypeRefKind.Int64 or TypeRefKind.Double => "JsonModelWriter.WriteNumber(writer, " + name + ", " + field + ");",
            TypeRefKind.DateTimeOffset => "JsonModelWriter.WriteDateTimeOffset(writer, " + name + ", " + field + ");",
            TypeRefKind.Any => "JsonModelWriter.WriteElement(writer, " + name + ", " + field + ");",
            TypeRefKind.List when type.Element!.Kind == TypeRefKind.String => "JsonModelWriter.WriteStringList(writer, " + name + ", " + field + ");",
            TypeRefKind.List => "JsonModelWriter.WriteList<" + TypeSyntax.Public(scope, type.Element!) + ">(writer, " + name + ", " + field + ", options, " + TypeSyntax.Writer(scope, type.Element!) + ");",
            TypeRefKind.Map => "JsonModelWriter.WriteDictionary<" + TypeSyntax.Public(scope, type.Element!) + ">(writer, " + name + ", " + field + ", options, " + TypeSyntax.Writer(scope, type.Element!) + ");",
            _ => null,
        };
        if (statement is not null)
        {
            w.Line(statement);
            return;
        }

        w.Line("writer.WritePropertyName(" + name + ");");
        if (type.Kind == TypeRefKind.Model)
        {
            w.Line(TypeSyntax.TypeName(scope, type.Name!) + "." + JsonConverter + "." + WriteValue + "(writer, " + field + ", options);");
            return;
        }

        string local = "v" + Index(index);
        w.Template($$"""
            if ({{field}} is { } {{local}})
            {
                {{TypeSyntax.WriteValue(scope, type, "writer", local, "options")}};
            }
            else
            {
                writer.WriteNullValue();
            }
            """);
    }
}

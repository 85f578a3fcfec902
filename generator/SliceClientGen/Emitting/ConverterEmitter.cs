using System.Globalization;
using System.Linq;
using SliceClientGen.Model;
using static SliceClientGen.Emitting.GeneratedNames;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits the reflection-free converter nested in each object model: the model's static shape (JSON names, kinds,
/// string sharing), a read loop that records the wire layout as it goes (presence, order, unknown members) and a
/// writer that follows it, so an object read from JSON is written back byte for byte. <see cref="ModelEmitter"/> writes
/// it into the model's class, so a model and its converter are one declaration in one file.
/// </summary>
internal static class ConverterEmitter
{
    /// <summary>
    /// Writes the converter class at the writer's position: inside the model's class body. Its code is compiled without
    /// nullable flow analysis (<c>#nullable disable warnings</c>; annotations stay on, so its signatures are unchanged),
    /// as System.Text.Json's generated code is: the analysis was several percent of the compile time of a large document,
    /// and the tests compile every converter with it (strict nullable, warnings as errors) to keep them clean.
    /// </summary>
    public static void WriteNested(SourceWriter w, TypeModel type, TypeScope scope)
    {
        string name = type.Name;
        w.Line("#nullable disable warnings");
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

        w.Line("#nullable restore warnings");
    }

    private static string Index(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static void WriteShape(SourceWriter w, TypeModel type)
    {
        w.DocXml("summary", "The JSON shape of " + XmlDoc.See(type.Name) + ": its properties in declaration order (a property's index is its position), their kinds, how their strings are shared within a read and which are created on first access.");
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
                string sharing = property.UniqueValues ? ", JsonStringSharing.Never" : string.Empty;
                string createdOnFirstAccess = property.CreatedOnFirstAccess ? ", createdOnFirstAccess: true" : string.Empty;
                w.Line("new JsonPropertyShape(" + CSharpLiterals.String(property.JsonName) + ", JsonPropertyKind." + Kind(property.Type) + sharing + createdOnFirstAccess + ")"
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
            // default(T?), not null: an open enum converts implicitly from string, and so would a null literal.
            _ => NullOr + "default(" + TypeSyntax.Public(scope, type) + "?) : " + TypeSyntax.Reader(scope, type) + "(ref reader, options)",
        };
    }

    private static void WriteWrite(SourceWriter w, TypeModel type, TypeScope scope)
    {
        string name = type.Name;
        WriteEntry(w, name);
        w.DocXml("summary", "Writes one " + XmlDoc.See(name) + ": the properties read or set, in the order they were read, then the others in declaration order, then unknown members not yet written; JSON null for null.");
        using (w.Block("public static void " + WriteValue + "(JsonModelOutput writer, " + name + "? value, JsonSerializerOptions options)"))
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
                            using (w.Block("if (" + IsWritten(property, i, scope) + ")"))
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

    /// <summary>
    /// The write method for a <see cref="System.Text.Json.Utf8JsonWriter"/> (what the serializer, lists and unions call):
    /// starts a <c>JsonModelOutput</c> on it and writes through the output overload.
    /// </summary>
    public static void WriteEntry(SourceWriter w, string name)
    {
        w.DocXml("summary", "Writes one " + XmlDoc.See(name) + " to " + XmlDoc.ParamRef("writer") + "; JSON null for null.");
        w.Template($$"""
            public static void {{WriteValue}}(Utf8JsonWriter writer, {{name}}? value, JsonSerializerOptions options)
            {
                JsonModelOutput output = JsonModelOutput.Start(writer);
                {{WriteValue}}(output, value, options);
                output.Finish();
            }

            """);
    }

    /// <summary>Whether the property is written: present, or (created on first access) with something in it.</summary>
    private static string IsWritten(PropertyModel property, int index, TypeScope scope) =>
        "wire.IsPresent(" + Index(index) + ")" + (property.CreatedOnFirstAccess ? " || " + Content(property, scope) : string.Empty);

    private static string Content(PropertyModel property, TypeScope scope) => property.Type.Kind == TypeRefKind.Model
        ? TypeSyntax.TypeName(scope, property.Type.Name!) + "." + JsonConverter + "." + HasContent + "(value." + property.FieldName + ")"
        : "value." + property.FieldName + " is { Count: > 0 }";

    /// <summary>Statements writing one property (name and value, JSON null for a null value), as STJ's fast path does:
    /// one writer call for a name with a string, boolean or number.</summary>
    private static void WritePropertyStatements(SourceWriter w, PropertyModel property, int index, TypeScope scope)
    {
        string name = "names[" + Index(index) + "]";
        string field = "value." + property.FieldName;
        string local = "v" + Index(index);
        TypeRef type = property.Type;
        if (type.Kind == TypeRefKind.String)
        {
            // A null string is written as JSON null.
            w.Line("writer.WriteString(" + name + ", " + field + ");");
            return;
        }

        // A nullable boolean or number: one inlined runtime call that writes JSON null for null; an open enum: its
        // string, null for null. The same machine code as a branch here, and one statement for the compiler to bind.
        string? single = type.Kind switch
        {
            TypeRefKind.Boolean => "writer.WriteBoolean(" + name + ", " + field + ");",
            TypeRefKind.Int32 or TypeRefKind.Int64 or TypeRefKind.Double => "writer.WriteNumber(" + name + ", " + field + ");",
            TypeRefKind.Enum => "writer.WriteString(" + name + ", " + field + "?.Value);",
            _ => null,
        };
        if (single is not null)
        {
            w.Line(single);
            return;
        }

        w.Line("writer.WritePropertyName(" + name + ");");
        if (type.Kind == TypeRefKind.Model)
        {
            // An object's converter writes JSON null for null.
            w.Line(TypeSyntax.TypeName(scope, type.Name!) + "." + JsonConverter + "." + WriteValue + "(writer, " + field + ", options);");
            return;
        }

        using (w.Block("if (" + field + " is { } " + local + ")"))
        {
            if (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.String)
            {
                w.Line("JsonModelWriter.WriteStringList(writer, " + local + ");");
            }
            else if (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.Model)
            {
                // Items written by a direct call, not through a delegate.
                string item = TypeSyntax.Public(scope, type.Element);
                string writeItem = TypeSyntax.TypeName(scope, type.Element.Name!) + "." + JsonConverter + "." + WriteValue + "(writer, item, options);";
                // The item's converter writes JSON null for a null item.
                w.Template($$"""
                    writer.WriteStartArray();
                    if ({{local}} is List<{{item}}> list)
                    {
                        foreach ({{item}}? item in global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list))
                        {
                            {{writeItem}}
                        }
                    }
                    else
                    {
                        foreach ({{item}}? item in {{local}})
                        {
                            {{writeItem}}
                        }
                    }

                    writer.WriteEndArray();
                    """);
            }
            else if (type.Kind == TypeRefKind.Map && type.Element!.Kind == TypeRefKind.String)
            {
                w.Line("JsonModelWriter.WriteStringDictionary(writer, " + local + ");");
            }
            else if (type.Kind == TypeRefKind.DateTimeOffset)
            {
                w.Line("JsonModelWriter.WriteDateTimeOffset(writer, " + local + ");");
            }
            else if (type.Kind is TypeRefKind.List or TypeRefKind.Map)
            {
                // Items and values through their Utf8JsonWriter-based writers.
                w.Line(TypeSyntax.WriteValue(scope, type, "writer", local, "options") + ";");
            }
            else
            {
                // Unions, raw JSON, integer-or-string: their Utf8JsonWriter-based writers.
                w.Line("writer.WriteValue(" + local + ", options, " + TypeSyntax.Writer(scope, type) + ");");
            }
        }

        using (w.Block("else"))
        {
            w.Line("writer.WriteNullValue();");
        }
    }
}

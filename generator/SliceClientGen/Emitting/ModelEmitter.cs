using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SliceClientGen.Model;
using static SliceClientGen.Emitting.GeneratedNames;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits an object model: a sealed class whose properties track presence (absent stays absent, explicit null stays
/// null) in a runtime-owned wire layout, start with the document's const/default values, keep unknown JSON members,
/// and compare structurally (<c>IEquatable&lt;T&gt;</c>); its converter (<see cref="ConverterEmitter"/>) is nested in the
/// same declaration, so each model is one file.
/// </summary>
internal static class ModelEmitter
{
    private static readonly string[] Usings =
    {
        "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.ComponentModel", "System.Text.Json", "System.Text.Json.Serialization",
        "SliceClientGen.Runtime.Serialization",
    };

    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var scope = TypeScope.For(target, type);
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer, Usings);
        string name = type.Name;
        if (type.Description is { } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", "An object of the document's " + XmlDoc.Code(target.SourceFileName) + " with " + Count(type.Properties.Count, "property", "properties")
                + " (schema " + XmlDoc.Code("#" + type.SchemaPointer) + ").");
        }

        w.DocXml("remarks", "Properties the document does not describe are kept in " + XmlDoc.See(AdditionalProperties) + " and written back, in their original order.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[JsonConverter(typeof(" + name + "." + JsonConverter + "))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        string bases = type.BaseType is { } baseType ? TypeSyntax.TypeName(scope, baseType) + ", " : string.Empty;
        using (w.Block("public sealed partial class " + name + " : " + bases + "IEquatable<" + name + ">"))
        {
            w.Line("private JsonWireLayout " + WireField + ";");
            foreach (PropertyModel property in type.Properties)
            {
                w.Line("private " + TypeSyntax.Public(scope, property.Type) + "? " + property.FieldName + ";");
            }

            w.Line();
            WriteConstructors(w, type, scope);
            for (int i = 0; i < type.Properties.Count; i++)
            {
                WriteProperty(w, type.Properties[i], i, scope);
            }

            w.Template($$"""
                /// <summary>JSON properties the document does not describe, as read from the wire; written back on serialize.</summary>
                public IDictionary<string, JsonElement> {{AdditionalProperties}} => {{WireField}}.UnknownMembers;

                """);
            WriteEquality(w, type, scope);
            w.Line();
            ConverterEmitter.WriteNested(w, type, scope);
        }

        return w.ToString();
    }

    private static string Count(int count, string one, string many) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? one : many);

    private static void WriteConstructors(SourceWriter w, TypeModel type, TypeScope scope)
    {
        string name = type.Name;
        var initial = type.Properties.Select((p, i) => (Property: p, Index: i)).Where(p => p.Property.InitialValue is not null).ToList();
        w.DocXml("summary", initial.Count > 0
            ? "Creates " + XmlDoc.Article(name) + " " + XmlDoc.See(name) + " with the document's constant and default values already set."
            : "Creates " + XmlDoc.Article(name) + " " + XmlDoc.See(name) + " with nothing set.");
        using (w.Block("public " + name + "()"))
        {
            foreach ((PropertyModel property, int index) in initial)
            {
                w.Line(property.FieldName + " = " + CSharpLiterals.FromJson(property.InitialValue!, property.Type, scope) + ";");
                w.Line(WireField + ".MarkPresent(" + index.ToString(CultureInfo.InvariantCulture) + ");");
            }
        }

        w.Template($$"""

            /// <summary>An instance with nothing set: what the converter fills, so absent properties stay absent.</summary>
            private {{name}}(bool blank)
            {
            }

            """);
    }

    private static void WriteProperty(SourceWriter w, PropertyModel property, int index, TypeScope scope)
    {
        string typeName = TypeSyntax.Public(scope, property.Type);
        string field = property.FieldName;
        if (property.Description is { } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", XmlDoc.Code(property.JsonName) + ": " + Describe(property.Type, scope) + ".");
        }

        string remarks = "JSON name: " + XmlDoc.Code(property.JsonName) + ".";
        if (property.Required)
        {
            remarks += " Required by the document; reading JSON without it does not fail and the property then reads as "
                + (!property.NonNullable ? XmlDoc.LangWord("null") : property.Type.IsValueType ? "its type's default value" : EmptyDescription(property.Type)) + ".";
        }

        w.DocXml("remarks", remarks);
        if (property.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        string getter = !property.NonNullable
            ? field
            : property.Type.IsValueType
                ? field + ".GetValueOrDefault()"
                : property.Type.Kind switch
                {
                    TypeRefKind.String => field + " ?? string.Empty",
                    TypeRefKind.Model => field + " ??= " + TypeSyntax.TypeName(scope, property.Type.Name!) + "." + JsonConverter + "." + CreateBlank + "()",
                    _ => field + " ??= new " + TypeSyntax.Concrete(scope, property.Type) + "()",
                };
        w.Template($$"""
            public {{(property.Inherited ? "override " : string.Empty)}}{{typeName}}{{(property.NonNullable ? string.Empty : "?")}} {{property.Name}}
            {
                get => {{getter}};
                set
                {
                    {{field}} = value;
                    {{WireField}}.MarkPresent({{index.ToString(CultureInfo.InvariantCulture)}});
                }
            }

            """);
    }

    /// <summary>What a value of the type is, for a summary the document does not give.</summary>
    private static string Describe(TypeRef type, TypeScope scope) => type.Kind switch
    {
        TypeRefKind.String => "a string",
        TypeRefKind.Boolean => "true or false",
        TypeRefKind.Int32 => "a 32-bit integer",
        TypeRefKind.Int64 => "a 64-bit integer",
        TypeRefKind.Double => "a number",
        TypeRefKind.DateTimeOffset => "a timestamp",
        TypeRefKind.Model or TypeRefKind.Enum or TypeRefKind.Union => XmlDoc.Article(type.Name!) + " " + XmlDoc.See(TypeSyntax.TypeName(scope, type.Name!)),
        TypeRefKind.IntOrString => "an integer or a string (" + XmlDoc.See(TypeSyntax.Public(scope, type)) + ")",
        TypeRefKind.List => "a list of " + Plural(type.Element!, scope),
        TypeRefKind.Map => "a map from names to " + Plural(type.Element!, scope),
        _ => "any JSON value",
    };

    private static string Plural(TypeRef type, TypeScope scope) => type.Kind switch
    {
        TypeRefKind.String => "strings",
        TypeRefKind.Boolean => "booleans",
        TypeRefKind.Int32 or TypeRefKind.Int64 => "integers",
        TypeRefKind.Double => "numbers",
        TypeRefKind.DateTimeOffset => "timestamps",
        TypeRefKind.Model or TypeRefKind.Enum or TypeRefKind.Union => XmlDoc.See(TypeSyntax.TypeName(scope, type.Name!)) + " values",
        TypeRefKind.IntOrString => "integers or strings",
        TypeRefKind.List or TypeRefKind.Map => "collections",
        _ => "JSON values",
    };

    private static string EmptyDescription(TypeRef type) => type.Kind switch
    {
        TypeRefKind.String => "an empty string",
        TypeRefKind.Model => "an empty object",
        _ => "an empty collection",
    };

    private static void WriteEquality(SourceWriter w, TypeModel type, TypeScope scope)
    {
        string name = type.Name;
        string shape = JsonConverter + "." + Shape;
        w.DocXml("summary", "Whether " + XmlDoc.ParamRef("other") + " has the same properties present with equal values (lists item by item, maps and "
            + XmlDoc.See(AdditionalProperties) + " by content, strings ordinally); the order properties were read in does not matter.");
        w.DocXml("param", "The other instance.", " name=\"other\"");
        w.DocXml("returns", "True when equal.");
        using (w.Block("public bool Equals(" + name + "? other)"))
        {
            w.Template("""
                if (ReferenceEquals(this, other))
                {
                    return true;
                }

                """);
            w.Line("return other is not null");
            using (w.Indented())
            {
                // Presence and unknown members in one runtime call, then one value comparison per property.
                var terms = new List<string> { WireField + "." + PresenceAndUnknownMembersEqual + "(other." + WireField + ", " + shape + ")" };
                for (int i = 0; i < type.Properties.Count; i++)
                {
                    terms.Add(EqualityTerm(type.Properties[i], i, scope));
                }

                for (int i = 0; i < terms.Count; i++)
                {
                    w.Line("&& " + terms[i] + (i == terms.Count - 1 ? ";" : string.Empty));
                }
            }
        }

        var hashed = new List<string> { WireField + "." + PresenceAndUnknownMembersHash + "(" + shape + ")" };
        hashed.AddRange(type.HashedProperties.Select(property => property.HashedAs == PropertyHash.Count
            ? Equality(scope) + ".CountHash(" + property.FieldName + ")"
            : property.FieldName));
        string hash = hashed.Count == 1 ? hashed[0] : TypeSyntax.External(scope, "System", "HashCode") + ".Combine(" + string.Join(", ", hashed) + ")";
        w.Template($$"""

            /// <inheritdoc/>
            public override bool Equals(object? obj) => Equals(obj as {{name}});

            /// <summary>Hashes which properties are present, how many {{XmlDoc.See(AdditionalProperties)}} there are and at most {{TypeModel.MaxHashedProperties.ToString(CultureInfo.InvariantCulture)}} property values (the first strings, numbers, booleans, timestamps, enums, and list or map sizes): equal instances hash equal; hash values are not a contract.</summary>
            public override int GetHashCode() => {{hash}};
            """);
    }

    /// <summary>The runtime's structural equality helpers, as the model spells them.</summary>
    private static string Equality(TypeScope scope) => TypeSyntax.External(scope, "SliceClientGen.Runtime.Serialization", "JsonModelEquality");

    private static string EqualityTerm(PropertyModel property, int index, TypeScope scope)
    {
        string field = property.FieldName;
        string i = index.ToString(CultureInfo.InvariantCulture);
        string values = property.Type.Kind switch
        {
            TypeRefKind.List => Equality(scope) + ".ListEqual(" + field + ", other." + field + ")",
            TypeRefKind.Map => Equality(scope) + ".DictionaryEqual(" + field + ", other." + field + ")",
            TypeRefKind.Any => Equality(scope) + ".ElementEqual(" + field + ", other." + field + ")",
            TypeRefKind.Model => "Equals(" + field + ", other." + field + ")",
            _ => field + " == other." + field,
        };
        if (!property.CreatedOnFirstAccess)
        {
            // Presence is compared once for all properties (PresenceAndUnknownMembersEqual).
            return values;
        }

        // Created on first access (left out of that comparison): written, so equal, when present or when something was
        // put in it.
        string Written(string owner) => "(" + owner + WireField + ".IsPresent(" + i + ") || " + (property.Type.Kind == TypeRefKind.Model
            ? TypeSyntax.TypeName(scope, property.Type.Name!) + "." + JsonConverter + "." + HasContent + "(" + owner + field + ")"
            : owner + field + " is { Count: > 0 }") + ")";
        string self = Written(string.Empty);
        string other = Written("other.");
        return self + " == " + other + " && (!" + self + " || " + values + ")";
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits a union: a readonly struct holding one case (<c>IsCat</c>, <c>TryGetCat</c>, <c>AsCat</c>, <c>FromCat</c>,
/// an implicit conversion from each case, <c>Match</c>/<c>Switch</c>) or, for JSON that matches no case, that JSON
/// (<c>IsUnknown</c>), written back unchanged. Its converter picks the case as the <see cref="UnionModel"/> says:
/// by token kind, then by discriminator value or by the property names present.
/// </summary>
internal static class UnionEmitter
{
    private const string CaseField = "_case";
    private const string JsonField = "_json";
    private const string UnknownName = "Unknown";
    private const string ValueName = "Value";

    public static string Emit(DocumentTarget target, TypeModel type)
    {
        UnionModel union = type.Union!;
        string name = type.Name;
        var cases = union.Cases.Select((c, i) => new Case(c, i + 1)).ToList();
        var scope = new TypeScope(target.Namespace, MemberNames(cases));
        var w = new SourceWriter();
        // Object cases told apart by the properties present are scored with BitOperations.
        bool scoresObjects = union.DiscriminatorProperty is null && union.PropertyNames.Count > 0;
        EmitterContext.WriteHeader(w, target, type.SchemaPointer, new[]
            {
                "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.ComponentModel", "System.Diagnostics.CodeAnalysis",
                scoresObjects ? "System.Numerics" : null, "System.Text.Json", "System.Text.Json.Serialization", "SliceClientGen.Runtime.Serialization",
            }.OfType<string>().ToArray());

        string listed = string.Join(", ", cases.Select(c => XmlDoc.Code(c.Model.Name)));
        if (type.Description is { Length: > 0 } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", "One of: " + listed + ".");
        }

        w.DocXml("remarks", "A union of " + listed + (union.DiscriminatorProperty is { } discriminator
            ? ", told apart by the " + XmlDoc.Code(discriminator) + " property"
            : ", told apart by the JSON value's kind" + (union.PropertyNames.Count > 0 ? " and, for objects, the properties present" : string.Empty))
            + ". JSON that matches no case (a newer server's variant) is kept as it is (" + XmlDoc.See(UnknownName) + ") and written back unchanged.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[JsonConverter(typeof(" + name + ".JsonConverter))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        using (w.Block("public readonly partial struct " + name + " : IEquatable<" + name + ">"))
        {
            WriteFields(w, cases, scope);
            WriteConstructors(w, name, cases, scope);
            foreach (Case c in cases)
            {
                WriteCaseMembers(w, name, c, scope);
            }

            WriteCommonMembers(w, name, cases, scope);
            WriteEquality(w, name, cases, scope);
            WriteConverter(w, name, union, cases, scope);
        }

        return w.ToString();
    }

    /// <summary>One case with its position (1-based; 0 is the unknown JSON) and its spellings.</summary>
    private sealed class Case
    {
        public Case(UnionCaseModel model, int index)
        {
            Model = model;
            Index = index.ToString(CultureInfo.InvariantCulture);
            Field = "_" + char.ToLowerInvariant(model.Name[0]) + model.Name.Substring(1);
            if (Field is CaseField or JsonField)
            {
                Field += "Value";
            }

            Parameter = Escape(char.ToLowerInvariant(model.Name[0]) + model.Name.Substring(1));
        }

        public UnionCaseModel Model { get; }

        public string Index { get; }

        public string Field { get; }

        public string Parameter { get; }

        public bool IsValueType => Model.Type.IsValueType;

        /// <summary>The field read as the case's type (non-null for reference types).</summary>
        public string Read(string instance) => instance + "." + Field + (IsValueType ? string.Empty : "!");
    }

    private static string Escape(string identifier) =>
        SyntaxFacts.GetKeywordKind(identifier) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(identifier) is SyntaxKind.AwaitKeyword
            ? "@" + identifier
            : identifier;

    private static IEnumerable<string> MemberNames(List<Case> cases) =>
        cases.SelectMany(c => new[] { "Is" + c.Model.Name, "TryGet" + c.Model.Name, "As" + c.Model.Name, "From" + c.Model.Name })
            .Concat(new[] { "Is" + UnknownName, "TryGet" + UnknownName, ValueName, "Match", "Switch", GeneratedNames.JsonConverter });

    private static void WriteFields(SourceWriter w, List<Case> cases, TypeScope scope)
    {
        w.Line("private readonly int " + CaseField + ";");
        foreach (Case c in cases)
        {
            w.Line("private readonly " + TypeSyntax.Public(scope, c.Model.Type) + (c.IsValueType ? string.Empty : "?") + " " + c.Field + ";");
        }

        w.Line("private readonly JsonElement " + JsonField + ";");
        w.Line();
    }

    private static void WriteConstructors(SourceWriter w, string name, List<Case> cases, TypeScope scope)
    {
        foreach (Case c in cases)
        {
            string typeName = TypeSyntax.Public(scope, c.Model.Type);
            w.DocXml("summary", "A " + XmlDoc.See(name) + " holding " + XmlDoc.Article(c.Model.Name) + " " + XmlDoc.Code(c.Model.Name) + ".");
            w.DocRaw("<param name=\"value\">The value.</param>");
            using (w.Block("private " + name + "(" + typeName + " value) : this()"))
            {
                w.Line(CaseField + " = " + c.Index + ";");
                w.Line(c.Field + " = " + (c.IsValueType ? "value" : "value ?? throw new ArgumentNullException(nameof(value))") + ";");
            }

            w.Line();
        }

        w.DocRaw("<summary>A value holding JSON that matches no case.</summary>");
        using (w.Block("private " + name + "(JsonElement json, bool unknown) : this()"))
        {
            w.Line(JsonField + " = json;");
        }

        w.Line();
    }

    private static void WriteCaseMembers(SourceWriter w, string name, Case c, TypeScope scope)
    {
        string caseName = c.Model.Name;
        string typeName = TypeSyntax.Public(scope, c.Model.Type);
        string article = XmlDoc.Article(caseName) + " " + XmlDoc.Code(caseName);
        if (c.Model.Description is { Length: > 0 } description)
        {
            w.DocXml("summary", "True when the value is " + article + ": " + XmlDoc.Text(description));
        }
        else
        {
            w.DocXml("summary", "True when the value is " + article + ".");
        }

        w.Line("public bool Is" + caseName + " => " + CaseField + " == " + c.Index + ";");
        w.Line();
        w.DocXml("summary", "The " + XmlDoc.Code(caseName) + ", when the value is one.");
        w.DocRaw("<param name=\"value\">The case's value, or its default.</param>");
        w.DocRaw("<returns>Whether the value is " + article + ".</returns>");
        string outType = c.IsValueType ? typeName : "[NotNullWhen(true)] out " + typeName + "?";
        using (w.Block("public bool TryGet" + caseName + "(" + (c.IsValueType ? "out " + typeName : outType) + " value)"))
        {
            w.Line("value = " + c.Field + ";");
            w.Line("return " + CaseField + " == " + c.Index + ";");
        }

        w.Line();
        w.DocXml("summary", "The " + XmlDoc.Code(caseName) + ".");
        w.DocRaw("<exception cref=\"InvalidOperationException\">The value is another case.</exception>");
        w.Line("public " + typeName + " As" + caseName + " => " + CaseField + " == " + c.Index + " ? " + c.Read("this") + " : throw Mismatch(" + CSharpLiterals.String(caseName) + ");");
        w.Line();
        w.DocXml("summary", "A " + XmlDoc.See(name) + " holding " + article + ".");
        w.DocRaw("<param name=\"value\">The value.</param>");
        w.Line("public static " + name + " From" + caseName + "(" + typeName + " value) => new(value);");
        w.Line();

        // C# allows no user-defined conversion from an interface (lists, maps), and one from JsonElement would blur with unknown JSON.
        if (c.Model.Type.Kind is not (TypeRefKind.List or TypeRefKind.Map or TypeRefKind.Any))
        {
            w.DocXml("summary", "A " + XmlDoc.See(name) + " holding " + article + ".");
            w.DocRaw("<param name=\"value\">The value.</param>");
            w.Line("public static implicit operator " + name + "(" + typeName + " value) => new(value);");
            w.Line();
        }
    }

    private static void WriteCommonMembers(SourceWriter w, string name, List<Case> cases, TypeScope scope)
    {
        w.DocRaw("<summary>True when the JSON read matched no case (a newer server's variant, or <c>default</c>): <see cref=\"TryGetUnknown\"/> has it.</summary>");
        w.Line("public bool Is" + UnknownName + " => " + CaseField + " == 0;");
        w.Line();
        w.DocRaw("<summary>The JSON that matched no case, as it was read.</summary>");
        w.DocRaw("<param name=\"json\">The JSON, or <c>default</c>.</param>");
        w.DocRaw("<returns>Whether the value is unknown JSON.</returns>");
        using (w.Block("public bool TryGet" + UnknownName + "(out JsonElement json)"))
        {
            w.Line("json = " + JsonField + ";");
            w.Line("return " + CaseField + " == 0 && " + JsonField + ".ValueKind != JsonValueKind.Undefined;");
        }

        w.Line();
        w.DocRaw("<summary>The case's value (boxed for value types), the unknown JSON as a <see cref=\"JsonElement\"/>, or null for <c>default</c>: for <c>switch</c> patterns.</summary>");
        using (w.Block("public object? " + ValueName + " => " + CaseField + " switch", ";"))
        {
            foreach (Case c in cases)
            {
                w.Line(c.Index + " => " + c.Read("this") + ",");
            }

            w.Line("_ => " + JsonField + ".ValueKind == JsonValueKind.Undefined ? null : " + JsonField + ",");
        }

        w.Line();
        string parameters = string.Join(", ", cases.Select(c => "Func<" + TypeSyntax.Public(scope, c.Model.Type) + ", TResult> " + c.Parameter));
        w.DocRaw("<summary>Calls the function of the case the value holds.</summary>");
        w.DocRaw("<typeparam name=\"TResult\">The result type.</typeparam>");
        foreach (Case c in cases)
        {
            w.DocRaw("<param name=\"" + c.Parameter.TrimStart('@') + "\">Called for " + XmlDoc.Article(c.Model.Name) + " " + XmlDoc.Code(c.Model.Name) + ".</param>");
        }

        w.DocRaw("<param name=\"unknown\">Called with the JSON that matched no case.</param>");
        w.DocRaw("<returns>What the function called returns.</returns>");
        using (w.Block("public TResult Match<TResult>(" + parameters + ", Func<JsonElement, TResult> unknown) => " + CaseField + " switch", ";"))
        {
            foreach (Case c in cases)
            {
                w.Line(c.Index + " => " + c.Parameter + "(" + c.Read("this") + "),");
            }

            w.Line("_ => unknown(" + JsonField + "),");
        }

        w.Line();
        w.DocRaw("<summary>Calls the action of the case the value holds.</summary>");
        foreach (Case c in cases)
        {
            w.DocRaw("<param name=\"" + c.Parameter.TrimStart('@') + "\">Called for " + XmlDoc.Article(c.Model.Name) + " " + XmlDoc.Code(c.Model.Name) + ".</param>");
        }

        w.DocRaw("<param name=\"unknown\">Called with the JSON that matched no case.</param>");
        using (w.Block("public void Switch(" + string.Join(", ", cases.Select(c => "Action<" + TypeSyntax.Public(scope, c.Model.Type) + "> " + c.Parameter)) + ", Action<JsonElement> unknown)"))
        {
            using (w.Block("switch (" + CaseField + ")"))
            {
                foreach (Case c in cases)
                {
                    w.Line("case " + c.Index + ":");
                    using (w.Indented())
                    {
                        w.Line(c.Parameter + "(" + c.Read("this") + ");");
                        w.Line("break;");
                    }
                }

                w.Line("default:");
                using (w.Indented())
                {
                    w.Line("unknown(" + JsonField + ");");
                    w.Line("break;");
                }
            }
        }

        w.Line();
        w.DocRaw("<summary>The case's value as text, or the unknown JSON.</summary>");
        w.Line("public override string ToString() => " + ValueName + " is JsonElement json ? json.GetRawText() : " + ValueName + "?.ToString() ?? string.Empty;");
        w.Line();
        w.Line("private InvalidOperationException Mismatch(string wanted) =>");
        using (w.Indented())
        {
            w.Line("new(\"The " + name + " is \" + (" + CaseField + " switch { " + string.Join(" ", cases.Select(c => c.Index + " => " + CSharpLiterals.String(XmlDoc.Article(c.Model.Name) + " " + c.Model.Name) + ",")) + " _ => \"unknown JSON\" }) + \", not \" + wanted + \".\");");
        }

        w.Line();
    }

    private static void WriteEquality(SourceWriter w, string name, List<Case> cases, TypeScope scope)
    {
        w.DocRaw("<summary>Same case and equal values (unknown JSON: the same text).</summary>");
        using (w.Block("public bool Equals(" + name + " other) => " + CaseField + " == other." + CaseField + " && " + CaseField + " switch", ";"))
        {
            foreach (Case c in cases)
            {
                w.Line(c.Index + " => EqualityComparer<" + TypeSyntax.Public(scope, c.Model.Type) + ">.Default.Equals(" + c.Read("this") + ", " + c.Read("other") + "),");
            }

            w.Line("_ => string.Equals(" + JsonField + ".ValueKind == JsonValueKind.Undefined ? null : " + JsonField + ".GetRawText(), other." + JsonField + ".ValueKind == JsonValueKind.Undefined ? null : other." + JsonField + ".GetRawText(), StringComparison.Ordinal),");
        }

        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public override bool Equals(object? obj) => obj is " + name + " other && Equals(other);");
        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public override int GetHashCode() => " + ValueName + " is JsonElement json ? StringComparer.Ordinal.GetHashCode(json.GetRawText()) : HashCode.Combine(" + CaseField + ", " + ValueName + ");");
        w.Line();
        w.DocRaw("<summary>Same case and equal values.</summary>");
        w.Line("public static bool operator ==(" + name + " left, " + name + " right) => left.Equals(right);");
        w.Line();
        w.DocRaw("<summary>Different cases or values.</summary>");
        w.Line("public static bool operator !=(" + name + " left, " + name + " right) => !left.Equals(right);");
        w.Line();
    }

    private static void WriteConverter(SourceWriter w, string name, UnionModel union, List<Case> cases, TypeScope scope)
    {
        w.Doc("summary", "Reads and writes " + name + " without reflection: the case is picked from the JSON as the document describes it.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
        using (w.Block("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + name + ">"))
        {
            w.Template($$"""
                /// <inheritdoc/>
                public override {{name}} Read(ref Utf8JsonReader reader, global::System.Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader, options);

                /// <inheritdoc/>
                public override void Write(Utf8JsonWriter writer, {{name}} value, JsonSerializerOptions options) => WriteValue(writer, value, options);

                /// <summary>Reads one {{name}} at the reader's current token, as a read of its own.</summary>
                public static {{name}} ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => ReadValue(ref reader, options, new JsonReadContext());

                """);
            w.DocRaw("<summary>Reads one " + name + " at the reader's current token as part of the read <paramref name=\"context\"/> belongs to; JSON that matches no case is kept as it is.</summary>");
            using (w.Block("public static " + name + " ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context)"))
            {
                w.Line("Utf8JsonReader start = reader;");
                using (w.Block("switch (reader.TokenType)"))
                {
                    WriteTokenCase(w, name, "JsonTokenType.String", cases.Where(c => (c.Model.Tokens & UnionTokens.String) != 0), scope);
                    WriteTokenCase(w, name, "JsonTokenType.Number", cases.Where(c => (c.Model.Tokens & (UnionTokens.Integer | UnionTokens.Number)) != 0).OrderBy(c => c.Model.Type.Kind == TypeRefKind.Double ? 1 : 0), scope);
                    WriteTokenCase(w, name, "JsonTokenType.True or JsonTokenType.False", cases.Where(c => (c.Model.Tokens & UnionTokens.Boolean) != 0), scope);
                    WriteTokenCase(w, name, "JsonTokenType.StartArray", cases.Where(c => (c.Model.Tokens & UnionTokens.Array) != 0), scope);
                    WriteObjectCase(w, name, union, cases, scope);
                }

                w.Line();
                w.Line("reader = start;");
                w.Line("return new " + name + "(JsonElement.ParseValue(ref reader), unknown: true);");
            }

            w.Line();
            WriteWrite(w, name, cases, scope);
            if (union.PropertyNames.Count > 0)
            {
                WritePropertyScan(w, union);
            }

            if (union.DiscriminatorProperty is not null)
            {
                WriteDiscriminatorScan(w, union, cases);
            }
        }
    }

    /// <summary>One token kind's attempts, in order; the first that reads the value returns, the rest fall through.</summary>
    private static void WriteTokenCase(SourceWriter w, string name, string label, IEnumerable<Case> candidates, TypeScope scope)
    {
        var list = candidates.ToList();
        if (list.Count == 0)
        {
            return;
        }

        // Braced: the sections of one switch share a declaration space, and a nested union's local appears in each token kind it reads.
        using (w.Block("case " + label + ":"))
        {
            bool ended = false;
            for (int i = 0; i < list.Count && !ended; i++)
            {
                ended = WriteAttempt(w, name, list[i], last: i == list.Count - 1, scope);
            }

            if (!ended)
            {
                w.Line("break;");
            }
        }
    }

    /// <summary>Writes code that returns the case when it reads the value; true when it always does (nothing after it runs).</summary>
    private static bool WriteAttempt(SourceWriter w, string name, Case c, bool last, TypeScope scope)
    {
        TypeRef type = c.Model.Type;
        string typeName = TypeSyntax.Public(scope, type);
        switch (type.Kind)
        {
            case TypeRefKind.String:
                w.Line("return new " + name + "(" + TypeSyntax.ContextReader(scope, type) + "(ref reader, options, context));");
                return true;
            case TypeRefKind.Any:
                w.Line("return new " + name + "(JsonElement.ParseValue(ref reader));");
                return true;
            case TypeRefKind.Boolean:
                w.Line("return new " + name + "(reader.GetBoolean());");
                return true;
            case TypeRefKind.Double:
                w.Line("return new " + name + "(reader.GetDouble());");
                return true;
            case TypeRefKind.Int32:
            case TypeRefKind.Int64:
                string local = c.Field.TrimStart('_');
                using (w.Block("if (reader.TryGet" + (type.Kind == TypeRefKind.Int32 ? "Int32" : "Int64") + "(out " + typeName + " " + local + "))"))
                {
                    w.Line("return new " + name + "(" + local + ");");
                }

                return false;
            case TypeRefKind.Enum when !last:
                // An open enum reads any string: before other string cases, it takes only the values it lists.
                using (w.Block("if (" + TypeSyntax.Reader(scope, type) + "(ref reader, options) is { IsKnown: true } " + c.Field.TrimStart('_') + ")"))
                {
                    w.Line("return new " + name + "(" + c.Field.TrimStart('_') + ");");
                }

                return false;
            case TypeRefKind.Enum:
                w.Line("return new " + name + "(" + TypeSyntax.Reader(scope, type) + "(ref reader, options));");
                return true;
            case TypeRefKind.Union:
                // A nested union keeps what it cannot read; only one that found a case is taken before later cases.
                string nested = c.Field.TrimStart('_');
                w.Line(typeName + " " + nested + " = " + TypeSyntax.ContextReader(scope, type) + "(ref reader, options, context);");
                if (last)
                {
                    w.Line("return new " + name + "(" + nested + ");");
                    return true;
                }

                using (w.Block("if (!" + nested + ".IsUnknown)"))
                {
                    w.Line("return new " + name + "(" + nested + ");");
                }

                w.Line("reader = start;");
                return false;
            default:
                string read = type.Kind is TypeRefKind.List or TypeRefKind.Map
                    ? TypeSyntax.ReadCollection(scope, type, "reader", "options", "context")
                    : TypeSyntax.NeedsContext(type)
                        ? TypeSyntax.ContextReader(scope, type) + "(ref reader, options, context)"
                        : TypeSyntax.Reader(scope, type) + "(ref reader, options)";
                using (w.Block("try"))
                {
                    w.Line("return new " + name + "(" + read + ");");
                }

                using (w.Block("catch (JsonException)"))
                {
                    w.Comment("Not " + XmlDoc.Article(c.Model.Name) + " " + c.Model.Name + " after all: the next case, or the JSON as it is.");
                    w.Line("reader = start;");
                }

                return false;
        }
    }

    private static void WriteObjectCase(SourceWriter w, string name, UnionModel union, List<Case> cases, TypeScope scope)
    {
        var objects = cases.Where(c => (c.Model.Tokens & UnionTokens.Object) != 0).ToList();
        if (objects.Count == 0)
        {
            return;
        }

        using (w.Block("case JsonTokenType.StartObject:"))
        {
            var rest = objects;
            if (union.DiscriminatorProperty is { } discriminator)
            {
                var selected = objects.Where(c => c.Model.DiscriminatorValues.Count > 0).ToList();
                rest = objects.Where(c => c.Model.DiscriminatorValues.Count == 0).ToList();
                w.Comment("The " + discriminator + " property names the case; an unknown value keeps the object as it is.");
                using (w.Block("switch (Discriminate(reader))"))
                {
                    foreach (Case c in selected)
                    {
                        w.Line("case " + c.Index + ":");
                        using (w.Indented())
                        {
                            w.Line("return new " + name + "(" + TypeSyntax.ContextReader(scope, c.Model.Type) + "(ref reader, options, context));");
                        }
                    }
                }

                w.Line();
            }
            else if (union.PropertyNames.Count > 0)
            {
                var scored = objects.Where(c => c.Model.DeclaredMask != 0 || c.Model.RequiredMask != 0).ToList();
                rest = objects.Except(scored).ToList();
                w.Comment("The case whose required properties are all present and that has the most of its own properties present.");
                w.Line("ulong seen = ScanProperties(reader);");
                w.Line("int pick = 0;");
                w.Line("int best = -1;");
                foreach (Case c in scored)
                {
                    string required = Hex(c.Model.RequiredMask);
                    w.Line();
                    using (w.Block("if ((seen & " + required + ") == " + required + ")"))
                    {
                        w.Line("int score = (BitOperations.PopCount(seen & " + Hex(c.Model.DistinctiveMask) + ") << 7) + BitOperations.PopCount(seen & " + Hex(c.Model.DeclaredMask) + ");");
                        using (w.Block("if (score > best)"))
                        {
                            w.Line("best = score;");
                            w.Line("pick = " + c.Index + ";");
                        }
                    }
                }

                w.Line();
                using (w.Block("switch (pick)"))
                {
                    foreach (Case c in scored)
                    {
                        w.Line("case " + c.Index + ":");
                        using (w.Indented())
                        {
                            if (!WriteAttempt(w, name, c, last: false, scope))
                            {
                                w.Line("break;");
                            }
                        }
                    }
                }

                w.Line();
            }

            bool ended = false;
            for (int i = 0; i < rest.Count && !ended; i++)
            {
                ended = WriteAttempt(w, name, rest[i], last: i == rest.Count - 1, scope);
            }

            if (!ended)
            {
                w.Line("break;");
            }
        }
    }

    private static string Hex(ulong mask) => "0x" + mask.ToString("X", CultureInfo.InvariantCulture) + "UL";

    private static void WriteWrite(SourceWriter w, string name, List<Case> cases, TypeScope scope)
    {
        w.DocRaw("<summary>Writes the case's value, or the unknown JSON as it was read (<c>default</c> as null).</summary>");
        using (w.Block("public static void WriteValue(Utf8JsonWriter writer, " + name + " value, JsonSerializerOptions options)"))
        {
            using (w.Block("switch (value." + CaseField + ")"))
            {
                foreach (Case c in cases)
                {
                    w.Line("case " + c.Index + ":");
                    using (w.Indented())
                    {
                        w.Line(TypeSyntax.WriteValue(scope, c.Model.Type, "writer", c.Read("value"), "options") + ";");
                        w.Line("return;");
                    }
                }

                w.Line("default:");
                using (w.Indented())
                {
                    using (w.Block("if (value." + JsonField + ".ValueKind == JsonValueKind.Undefined)"))
                    {
                        w.Line("writer.WriteNullValue();");
                    }

                    using (w.Block("else"))
                    {
                        w.Line("value." + JsonField + ".WriteTo(writer);");
                    }

                    w.Line("return;");
                }
            }
        }
    }

    private static void WritePropertyScan(SourceWriter w, UnionModel union)
    {
        w.Line();
        w.DocRaw("<summary>Which of the names that tell the object cases apart the object at the reader has (bit i: name i), without reading it.</summary>");
        using (w.Block("private static ulong ScanProperties(Utf8JsonReader probe)"))
        {
            w.Line("ulong seen = 0;");
            using (w.Block("while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)"))
            {
                for (int i = 0; i < union.PropertyNames.Count; i++)
                {
                    using (w.Block((i == 0 ? "if" : "else if") + " (probe.ValueTextEquals(" + CSharpLiterals.String(union.PropertyNames[i]) + "u8))"))
                    {
                        w.Line("seen |= 1UL << " + i.ToString(CultureInfo.InvariantCulture) + ";");
                    }
                }

                w.Line();
                using (w.Block("if (!probe.Read() || !probe.TrySkip())"))
                {
                    w.Line("break;");
                }
            }

            w.Line();
            w.Line("return seen;");
        }
    }

    private static void WriteDiscriminatorScan(SourceWriter w, UnionModel union, List<Case> cases)
    {
        w.Line();
        w.DocRaw("<summary>The case the object's discriminator names (0 for none or an unknown value), found without reading the object.</summary>");
        using (w.Block("private static int Discriminate(Utf8JsonReader probe)"))
        {
            using (w.Block("while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)"))
            {
                using (w.Block("if (probe.ValueTextEquals(" + CSharpLiterals.String(union.DiscriminatorProperty!) + "u8))"))
                {
                    using (w.Block("if (!probe.Read() || probe.TokenType != JsonTokenType.String)"))
                    {
                        w.Line("return 0;");
                    }

                    w.Line();
                    foreach (Case c in cases)
                    {
                        foreach (string value in c.Model.DiscriminatorValues)
                        {
                            using (w.Block("if (probe.ValueTextEquals(" + CSharpLiterals.String(value) + "u8))"))
                            {
                                w.Line("return " + c.Index + ";");
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

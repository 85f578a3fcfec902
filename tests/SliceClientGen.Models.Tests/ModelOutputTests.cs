using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using CsCheck;
using SliceClientGen.Models.Tests.Kube;
using SliceClientGen.Models.Tests.Unions;
using SliceClientGen.Runtime.Serialization;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// The generated writers write nested objects through <see cref="JsonModelOutput"/> (into a buffer, handed to the
/// <see cref="Utf8JsonWriter"/> as one raw value). The contract: the bytes are exactly those a
/// <see cref="Utf8JsonWriter"/> writes for the same structure written call by call, and where that writer throws,
/// the same exception type is thrown. Every expected value here is such a hand-built writer's output.
/// </summary>
public sealed class ModelOutputTests
{
    private const string ApiVersion = "discovery.k8s.io/v1";

    // ---- Helpers ----------------------------------------------------------------------------------------------------

    /// <summary>What one write produced: the bytes, or the type of the exception it threw.</summary>
    private readonly record struct Outcome(byte[]? Bytes, Type? Thrown)
    {
        public bool SameAs(Outcome other) =>
            Thrown == other.Thrown && (Bytes is null ? other.Bytes is null : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes));

        public override string ToString() => Thrown is { } type ? "throws " + type.Name : Encoding.UTF8.GetString(Bytes!);
    }

    /// <summary>Writes with a fresh <see cref="Utf8JsonWriter"/> of <paramref name="options"/>.</summary>
    private static Outcome Write(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        try
        {
            using var writer = new Utf8JsonWriter(buffer, options);
            write(writer);
            writer.Flush();
        }
        catch (Exception e)
        {
            return new Outcome(null, e.GetType());
        }

        return new Outcome(buffer.WrittenSpan.ToArray(), null);
    }

    private static void AssertSame(Outcome expected, Outcome actual) =>
        Assert.True(expected.SameAs(actual), $"expected: {expected}\nactual:   {actual}");

    /// <summary>Both writers over every item; the items whose outcomes differ, at most ten.</summary>
    private static List<string> Mismatches<T>(IEnumerable<T> items, JsonWriterOptions options, Action<Utf8JsonWriter, T> byHand, Action<Utf8JsonWriter, T> model, Func<T, string> describe)
    {
        var mismatches = new List<string>();
        foreach (T item in items)
        {
            Outcome expected = Write(options, w => byHand(w, item));
            Outcome actual = Write(options, w => model(w, item));
            if (!expected.SameAs(actual) && mismatches.Count < 10)
            {
                mismatches.Add($"{describe(item)}: expected {expected}, actual {actual}");
            }
        }

        return mismatches;
    }

    private static IEnumerable<char> AllChars() => Enumerable.Range(0, 0x10000).Select(c => (char)c);

    /// <summary>A plain ASCII string of <paramref name="length"/> with <paramref name="c"/> at <paramref name="index"/>.</summary>
    private static string Embed(char c, int length, int index)
    {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)('a' + (i % 26));
        }

        chars[index] = c;
        return new string(chars);
    }

    private static string Describe(string s) => string.Join(" ", s.Select(c => ((int)c).ToString("X4")));

    /// <summary>A new slice with one endpoint: {"apiVersion":…,"kind":…,"endpoints":[{…}]}.</summary>
    private static EndpointSlice SliceOf(Endpoint endpoint)
    {
        var slice = new EndpointSlice();
        slice.Endpoints.Add(endpoint);
        return slice;
    }

    /// <summary>By hand: the slice's own members, then the endpoints array with one object written by <paramref name="endpoint"/>.</summary>
    private static void SliceByHand(Utf8JsonWriter w, Action<Utf8JsonWriter> endpoint)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", ApiVersion);
        w.WriteString("kind", "EndpointSlice");
        w.WriteStartArray("endpoints");
        w.WriteStartObject();
        endpoint(w);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteModel(Utf8JsonWriter w, EndpointSlice slice) => EndpointSlice.JsonConverter.WriteValue(w, slice, JsonSerializerOptions.Default);

    /// <summary>A nested string value: an endpoint's nodeName inside the slice's endpoints list.</summary>
    private static List<string> NodeNameMismatches(IEnumerable<string> values, JsonWriterOptions options = default)
    {
        var endpoint = new Endpoint();
        EndpointSlice slice = SliceOf(endpoint);
        return Mismatches(
            values,
            options,
            (w, s) => SliceByHand(w, w => w.WriteString("nodeName", s)),
            (w, s) =>
            {
                endpoint.NodeName = s;
                WriteModel(w, slice);
            },
            Describe);
    }

    /// <summary>A map key as a name: a label of the slice's metadata.</summary>
    private static List<string> LabelKeyMismatches(IEnumerable<string> keys) => Mismatches(
        keys,
        default,
        (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", ApiVersion);
            w.WriteString("kind", "EndpointSlice");
            w.WriteStartObject("metadata");
            w.WriteStartObject("labels");
            w.WriteString(s, "v");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        },
        (w, s) => WriteModel(w, new EndpointSlice { Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { [s] = "v" } } }),
        Describe);

    private static readonly JsonElement One = JsonDocument.Parse("1").RootElement;

    /// <summary>An unknown member's name: a member the schema does not describe, on an endpoint inside the slice.</summary>
    private static List<string> UnknownMemberNameMismatches(IEnumerable<string> names)
    {
        var endpoint = new Endpoint { NodeName = "n" };
        EndpointSlice slice = SliceOf(endpoint);
        return Mismatches(
            names,
            default,
            (w, s) => SliceByHand(w, w =>
            {
                w.WriteString("nodeName", "n");
                w.WritePropertyName(s);
                w.WriteNumberValue(1);
            }),
            (w, s) =>
            {
                endpoint.AdditionalProperties.Clear();
                endpoint.AdditionalProperties[s] = One;
                WriteModel(w, slice);
            },
            Describe);
    }

    private static readonly JsonEncodedText Outer = JsonEncodedText.Encode("outer");
    private static readonly JsonEncodedText First = JsonEncodedText.Encode("first");

    /// <summary>
    /// <see cref="JsonModelOutput.WritePropertyName(string)"/> (not called by the generated models of these documents,
    /// but public): a name, then the same string as its value, after a first member, in a nested object.
    /// </summary>
    private static List<string> OutputNameMismatches(IEnumerable<string> names) => Mismatches(
        names,
        default,
        (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartObject("outer");
            w.WriteString("first", "x");
            w.WriteString(s, s);
            w.WriteEndObject();
            w.WriteEndObject();
        },
        (w, s) =>
        {
            JsonModelOutput output = JsonModelOutput.Start(w);
            output.WriteStartObject();
            output.WritePropertyName(Outer);
            output.WriteStartObject();
            output.WriteString(First, "x");
            output.WritePropertyName(s);
            output.WriteStringValue(s);
            output.WriteEndObject();
            output.WriteEndObject();
            output.Finish();
        },
        Describe);

    // ---- 1. Every char ----------------------------------------------------------------------------------------------

    [Fact]
    public void Every_char_alone_in_a_nested_string_value_is_written_as_Utf8JsonWriter_writes_it()
    {
        Assert.Empty(NodeNameMismatches(AllChars().Select(c => c.ToString())));
    }

    [Theory]
    [InlineData(9, 0)]
    [InlineData(9, 7)]
    [InlineData(9, 8)]
    [InlineData(8, 0)]
    [InlineData(8, 7)]
    [InlineData(7, 6)]
    [InlineData(17, 8)]
    [InlineData(17, 12)]
    [InlineData(17, 16)]
    [InlineData(33, 31)]
    public void Every_char_inside_an_ASCII_nested_string_value_is_written_as_Utf8JsonWriter_writes_it(int length, int index)
    {
        Assert.Empty(NodeNameMismatches(AllChars().Select(c => Embed(c, length, index))));
    }

    [Fact]
    public void Every_char_in_a_nested_string_value_is_written_as_Utf8JsonWriter_writes_it_with_the_default_encoder_set_explicitly()
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.Default };

        Assert.Empty(NodeNameMismatches(AllChars().Select(c => Embed(c, 9, 8)), options));
    }

    [Fact]
    public void Every_char_in_a_map_key_of_a_nested_object_is_written_as_Utf8JsonWriter_writes_it()
    {
        Assert.Empty(LabelKeyMismatches(AllChars().Select(c => c.ToString())));
        Assert.Empty(LabelKeyMismatches(AllChars().Select(c => Embed(c, 9, 8))));
    }

    [Fact]
    public void Every_char_in_an_unknown_member_name_of_a_nested_object_is_written_as_Utf8JsonWriter_writes_it()
    {
        Assert.Empty(UnknownMemberNameMismatches(AllChars().Select(c => c.ToString())));
        Assert.Empty(UnknownMemberNameMismatches(AllChars().Select(c => Embed(c, 9, 0))));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(9, 0)]
    [InlineData(9, 8)]
    [InlineData(16, 15)]
    public void Every_char_in_a_name_written_from_a_string_in_a_nested_object_is_written_as_Utf8JsonWriter_writes_it(int length, int index)
    {
        Assert.Empty(OutputNameMismatches(AllChars().Select(c => Embed(c, length, index))));
    }

    // ---- 2. Random strings ------------------------------------------------------------------------------------------

    /// <summary>Any UTF-16 (lone surrogates included), weighted towards plain ASCII so that mixes are common; length 0 to 40.</summary>
    private static readonly Gen<string> AnyString = Gen.Frequency(
            (6, (IGen<char>)Gen.Char['a', 'z']),
            (2, Gen.Char[(char)0x20, (char)0x7F]),
            (1, Gen.Char[(char)0x00, (char)0x1F]),
            (1, Gen.Char[(char)0x80, (char)0x7FF]),
            (1, Gen.Char[(char)0xD800, (char)0xDFFF]),
            (2, Gen.Char[char.MinValue, char.MaxValue]))
        .Array[0, 40]
        .Select(chars => new string(chars));

    [Fact]
    public void Random_strings_as_nested_values_are_written_as_Utf8JsonWriter_writes_them()
    {
        AnyString.Sample(s => Assert.Empty(NodeNameMismatches([s])), iter: 20_000, print: Describe);
    }

    [Fact]
    public void Random_strings_as_names_in_nested_objects_are_written_as_Utf8JsonWriter_writes_them()
    {
        AnyString.Sample(
            s =>
            {
                Assert.Empty(LabelKeyMismatches([s]));
                Assert.Empty(UnknownMemberNameMismatches([s]));
                Assert.Empty(OutputNameMismatches([s]));
            },
            iter: 20_000,
            print: Describe);
    }

    [Fact]
    public void A_lone_surrogate_in_a_nested_value_gives_what_Utf8JsonWriter_gives()
    {
        // Whatever the writer does with invalid UTF-16 (escape it or throw), the buffered path does the same.
        Assert.Empty(NodeNameMismatches(["\uD800", "\uDFFF", "abcdefgh\uDC00", "\uD83D", "\uDE00\uD83D", "abc\uD83Dxyz0123456"]));
    }

    // ---- 3. Indented writers ----------------------------------------------------------------------------------------

    /// <summary>A slice with strings that need escaping, a map, an unknown member, and nested objects two levels down.</summary>
    private static EndpointSlice RichSlice()
    {
        var endpoint = new Endpoint
        {
            Addresses = { "10.0.0.1", "fe80::1" },
            Conditions = new EndpointConditions { Ready = true, Serving = null },
            NodeName = "n\u00FCde<1>",
            Zone = "plain-zone",
            TargetRef = new EndpointTargetRef { Kind = "Pod", Name = "a\"b\\c\u0001\u2028\uD83D\uDE00" },
        };
        endpoint.AdditionalProperties["x+y"] = JsonDocument.Parse("""{"k":[1,2.50,"\u00E9"]}""").RootElement;
        var slice = new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = "web", Labels = new Dictionary<string, string> { ["app&tier"] = "a'b`c" } },
            AddressType = EndpointSliceAddressType.IPv4,
        };
        slice.Endpoints.Add(endpoint);
        return slice;
    }

    private static void RichSliceByHand(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", ApiVersion);
        w.WriteString("kind", "EndpointSlice");
        w.WriteStartObject("metadata");
        w.WriteString("name", "web");
        w.WriteStartObject("labels");
        w.WriteString("app&tier", "a'b`c");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("addressType", "IPv4");
        w.WriteStartArray("endpoints");
        w.WriteStartObject();
        w.WriteStartArray("addresses");
        w.WriteStringValue("10.0.0.1");
        w.WriteStringValue("fe80::1");
        w.WriteEndArray();
        w.WriteStartObject("conditions");
        w.WriteBoolean("ready", true);
        w.WriteNull("serving");
        w.WriteEndObject();
        w.WriteString("nodeName", "n\u00FCde<1>");
        w.WriteString("zone", "plain-zone");
        w.WriteStartObject("targetRef");
        w.WriteString("kind", "Pod");
        w.WriteString("name", "a\"b\\c\u0001\u2028\uD83D\uDE00");
        w.WriteEndObject();
        w.WritePropertyName("x+y");
        w.WriteStartObject();
        w.WriteStartArray("k");
        w.WriteNumberValue(1);
        JsonDocument.Parse("2.50").RootElement.WriteTo(w); // a number as read: its text kept
        w.WriteStringValue("\u00E9");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    [Fact]
    public void The_rich_slice_is_written_compact_as_Utf8JsonWriter_writes_it()
    {
        AssertSame(Write(default, RichSliceByHand), Write(default, w => WriteModel(w, RichSlice())));
    }

    [Fact]
    public void An_indented_Utf8JsonWriter_gets_the_text_it_writes_itself()
    {
        var options = new JsonWriterOptions { Indented = true };

        AssertSame(Write(options, RichSliceByHand), Write(options, w => WriteModel(w, RichSlice())));
    }

    [Fact]
    public void WriteIndented_serializer_options_give_the_indented_text_of_Utf8JsonWriter()
    {
        string serialized = JsonSerializer.Serialize(RichSlice(), new JsonSerializerOptions { WriteIndented = true });

        Assert.Equal(Write(new JsonWriterOptions { Indented = true }, RichSliceByHand).ToString(), serialized);
    }

    [Fact]
    public void An_indented_writer_with_tabs_and_other_new_lines_gets_the_text_it_writes_itself()
    {
        var options = new JsonWriterOptions { Indented = true, IndentCharacter = '\t', IndentSize = 1, NewLine = "\r\n" };

        AssertSame(Write(options, RichSliceByHand), Write(options, w => WriteModel(w, RichSlice())));
    }

    // ---- 4. Other encoders ------------------------------------------------------------------------------------------

    [Fact]
    public void The_relaxed_encoder_writes_plus_angle_brackets_and_non_ASCII_as_it_writes_them_itself()
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        string[] values = ["a+b", "<tag>", "caf\u00E9", "\u65E5\u672C", "na\u00EFve<&>'`+\"\\", "\uD83D\uDE00", "abcdefgh+ijklmnop"];

        Assert.Empty(NodeNameMismatches(values, options));
    }

    [Fact]
    public void Serializer_options_with_the_relaxed_encoder_give_the_text_Utf8JsonWriter_writes_with_it()
    {
        var encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

        string serialized = JsonSerializer.Serialize(RichSlice(), new JsonSerializerOptions { Encoder = encoder });

        string expected = Write(new JsonWriterOptions { Encoder = encoder }, RichSliceByHand).ToString();
        Assert.Contains("n\u00FCde<1>", expected, StringComparison.Ordinal);
        Assert.Equal(expected, serialized);
    }

    [Fact]
    public void An_encoder_allowing_all_ranges_writes_non_ASCII_as_it_writes_it_itself()
    {
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

        AssertSame(Write(options, RichSliceByHand), Write(options, w => WriteModel(w, RichSlice())));
    }

    // ---- 5. Numbers -------------------------------------------------------------------------------------------------

    /// <summary>A number in a nested object: a whale's length, the whale a property of the holder.</summary>
    private static Outcome WhaleLength(double length) =>
        Write(default, w => Holder.JsonConverter.WriteValue(w, new Holder { Whale = new Whale { Kind = "Whale", Length = length } }, JsonSerializerOptions.Default));

    private static Outcome WhaleLengthByHand(double length) => Write(default, w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("whale");
        w.WriteString("kind", "Whale");
        w.WriteNumber("length", length);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    [Theory]
    [InlineData("0.1")]
    [InlineData("1e300")]
    [InlineData("-0.0")]
    [InlineData("0")]
    [InlineData("0.3333333333333333")]
    [InlineData("1.7976931348623157E+308")]
    [InlineData("-1.7976931348623157E+308")]
    [InlineData("5E-324")]
    [InlineData("123456789012345678")]
    [InlineData("-42")]
    [InlineData("1e-7")]
    public void A_double_in_a_nested_object_is_written_as_Utf8JsonWriter_writes_it(string text)
    {
        double length = double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        AssertSame(WhaleLengthByHand(length), WhaleLength(length));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_double_in_a_nested_object_throws_what_Utf8JsonWriter_throws(double length)
    {
        Outcome expected = WhaleLengthByHand(length);

        Assert.NotNull(expected.Thrown);
        AssertSame(expected, WhaleLength(length));
    }

    [Fact]
    public void Integers_and_booleans_in_nested_objects_are_written_as_Utf8JsonWriter_writes_them()
    {
        int[] ports = [0, 1, -1, 80, int.MaxValue, int.MinValue];
        var list = new List<EndpointPort>();
        foreach (int port in ports)
        {
            list.Add(new EndpointPort { Port = port });
        }

        list.Add(new EndpointPort { Port = null });
        var slice = new EndpointSlice { Ports = list };
        slice.Endpoints.Add(new Endpoint { Conditions = new EndpointConditions { Ready = true, Serving = false, Terminating = null } });

        Outcome expected = Write(default, w =>
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", ApiVersion);
            w.WriteString("kind", "EndpointSlice");
            w.WriteStartArray("endpoints");
            w.WriteStartObject();
            w.WriteStartObject("conditions");
            w.WriteBoolean("ready", true);
            w.WriteBoolean("serving", false);
            w.WriteNull("terminating");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("ports");
            foreach (int port in ports)
            {
                w.WriteStartObject();
                w.WriteNumber("port", port);
                w.WriteString("protocol", "TCP");
                w.WriteEndObject();
            }

            w.WriteStartObject();
            w.WriteNull("port");
            w.WriteString("protocol", "TCP");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        AssertSame(expected, Write(default, w => WriteModel(w, slice)));
    }

    // ---- 6. Unknown members -----------------------------------------------------------------------------------------

    [Fact]
    public void Unknown_members_of_nested_objects_round_trip_byte_for_byte_in_their_positions()
    {
        const string json =
            """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"a\u003Cb":"x","name":"s","na\u00EFve":[1,{"k":"\u00FC"}],"labels":{"k":"v"},"z":null},"addressType":"IPv4","endpoints":[{"first":1,"addresses":["10.0.0.1"],"a\u003Cb":{"c":"d\u0026e"},"conditions":{"ready":true,"x\u002By":2.50,"serving":false},"nodeName":"n","na\u00EFve":true,"targetRef":{"kind":"Pod","odd\u00E9":"\uD83D\uDE00","1E2":1E+2},"last":{}},{"only":[]}]}""";

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(slice));
    }

    [Fact]
    public void Unknown_members_whose_names_need_escaping_are_kept_under_their_unescaped_names()
    {
        const string json = """{"endpoints":[{"a\u003Cb":1,"na\u00EFve":2}]}""";

        EndpointSlice slice = JsonSerializer.Deserialize<EndpointSlice>(json)!;

        Assert.Equal(1, slice.Endpoints[0].AdditionalProperties["a<b"].GetInt32());
        Assert.Equal(2, slice.Endpoints[0].AdditionalProperties["na\u00EFve"].GetInt32());
    }

    [Fact]
    public void Unknown_members_added_to_a_nested_object_are_written_as_Utf8JsonWriter_writes_them()
    {
        var endpoint = new Endpoint { NodeName = "n" };
        endpoint.AdditionalProperties["a<b"] = JsonDocument.Parse("""[null,true,"\u2028",-0.0]""").RootElement;
        endpoint.AdditionalProperties["na\u00EFve"] = JsonDocument.Parse("{}").RootElement;

        Outcome expected = Write(default, w => SliceByHand(w, w =>
        {
            w.WriteString("nodeName", "n");
            w.WriteStartArray("a<b");
            w.WriteNullValue();
            w.WriteBooleanValue(true);
            w.WriteStringValue("\u2028");
            JsonDocument.Parse("-0.0").RootElement.WriteTo(w);
            w.WriteEndArray();
            w.WriteStartObject("na\u00EFve");
            w.WriteEndObject();
        }));
        AssertSame(expected, Write(default, w => WriteModel(w, SliceOf(endpoint))));
    }

    // ---- 7. Depth ---------------------------------------------------------------------------------------------------
    // No test document has a recursive schema, so a model graph cannot be cyclic or arbitrarily deep; raw JSON can
    // (an unknown member's value), and it is written inside the buffered object.

    private static JsonElement NestedArrays(int depth) =>
        JsonDocument.Parse(new string('[', depth) + new string(']', depth), new JsonDocumentOptions { MaxDepth = depth + 1 }).RootElement;

    private static List<string> DeepUnknownMemberMismatches(IEnumerable<int> depths, JsonWriterOptions options)
    {
        var endpoint = new Endpoint();
        EndpointSlice slice = SliceOf(endpoint);
        return Mismatches(
            depths.Select(d => (Depth: d, Value: NestedArrays(d))),
            options,
            (w, item) => SliceByHand(w, w =>
            {
                w.WritePropertyName("deep");
                item.Value.WriteTo(w);
            }),
            (w, item) =>
            {
                endpoint.AdditionalProperties["deep"] = item.Value;
                WriteModel(w, slice);
            },
            item => item.Depth + " nested arrays");
    }

    [Fact]
    public void Raw_JSON_in_a_nested_object_reaching_the_default_max_depth_throws_where_Utf8JsonWriter_throws()
    {
        Assert.Empty(DeepUnknownMemberMismatches(Enumerable.Range(990, 15), default));
    }

    [Fact]
    public void Raw_JSON_in_a_nested_object_reaching_a_set_max_depth_throws_where_Utf8JsonWriter_throws()
    {
        Assert.Empty(DeepUnknownMemberMismatches(Enumerable.Range(55, 15), new JsonWriterOptions { MaxDepth = 64 }));
    }

    [Fact]
    public void Raw_JSON_1100_deep_in_a_nested_object_throws_InvalidOperationException()
    {
        var endpoint = new Endpoint();
        endpoint.AdditionalProperties["deep"] = NestedArrays(1100);

        Assert.Equal(typeof(InvalidOperationException), Write(default, w => WriteModel(w, SliceOf(endpoint))).Thrown);
    }

    /// <summary>The serializer's writer has its MaxDepth (64); by hand: a writer with that limit.</summary>
    private static Outcome DeepUnknownMemberByHand(int depth) => Write(new JsonWriterOptions { MaxDepth = 64 }, w => SliceByHand(w, w =>
    {
        w.WritePropertyName("deep");
        NestedArrays(depth).WriteTo(w);
    }));

    [Fact]
    public void The_serializer_writes_raw_JSON_in_a_nested_object_up_to_its_max_depth()
    {
        var endpoint = new Endpoint();
        endpoint.AdditionalProperties["deep"] = NestedArrays(61);

        Assert.Equal(DeepUnknownMemberByHand(61).ToString(), JsonSerializer.Serialize(SliceOf(endpoint)));
    }

    [Fact]
    public void The_serializer_fails_for_raw_JSON_in_a_nested_object_past_its_max_depth_with_the_writers_exception_inside()
    {
        var endpoint = new Endpoint();
        endpoint.AdditionalProperties["deep"] = NestedArrays(62);

        Assert.Equal(typeof(InvalidOperationException), DeepUnknownMemberByHand(62).Thrown);
        JsonException thrown = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(SliceOf(endpoint)));
        Assert.IsType<InvalidOperationException>(thrown.InnerException);
    }

    [Fact]
    public void Objects_nested_in_the_writers_own_depth_limit_throw_where_Utf8JsonWriter_throws()
    {
        // The buffered object starts below what the writer has open already: a list of slices whose endpoints are objects.
        for (int open = 59; open <= 63; open++)
        {
            int depth = open;
            Outcome expected = Write(new JsonWriterOptions { MaxDepth = 64 }, w =>
            {
                for (int i = 0; i < depth; i++)
                {
                    w.WriteStartArray();
                }

                SliceByHand(w, w => w.WriteString("nodeName", "n"));
                for (int i = 0; i < depth; i++)
                {
                    w.WriteEndArray();
                }
            });
            Outcome actual = Write(new JsonWriterOptions { MaxDepth = 64 }, w =>
            {
                for (int i = 0; i < depth; i++)
                {
                    w.WriteStartArray();
                }

                WriteModel(w, SliceOf(new Endpoint { NodeName = "n" }));
                for (int i = 0; i < depth; i++)
                {
                    w.WriteEndArray();
                }
            });
            AssertSame(expected, actual);
        }
    }

    [Fact]
    public void Raw_JSON_in_objects_at_the_edge_of_the_writers_depth_limit_throws_where_Utf8JsonWriter_throws()
    {
        // Up to the object at exactly the limit (nothing more may open in it): scalars are written, containers throw.
        string[] values = ["1", "\"s\"", "[]", "{}", "[[1]]", "{\"a\":{}}"];
        var items = from open in Enumerable.Range(58, 6) from value in values select (Open: open, Value: JsonDocument.Parse(value).RootElement);
        var endpoint = new Endpoint { NodeName = "n" };
        EndpointSlice slice = SliceOf(endpoint);

        List<string> mismatches = Mismatches(
            items,
            new JsonWriterOptions { MaxDepth = 64 },
            (w, item) =>
            {
                for (int i = 0; i < item.Open; i++)
                {
                    w.WriteStartArray();
                }

                SliceByHand(w, w =>
                {
                    w.WriteString("nodeName", "n");
                    w.WritePropertyName("raw");
                    item.Value.WriteTo(w);
                });
            },
            (w, item) =>
            {
                for (int i = 0; i < item.Open; i++)
                {
                    w.WriteStartArray();
                }

                endpoint.AdditionalProperties["raw"] = item.Value;
                WriteModel(w, slice);
            },
            item => item.Open + " arrays open, raw " + item.Value.GetRawText());

        Assert.Empty(mismatches);
    }

    // ---- 8. Big objects ---------------------------------------------------------------------------------------------

    /// <summary>A list with one slice of <paramref name="endpoints"/> endpoints, some with strings that need escaping and unknown members: the slice is one buffered object far past 16 KB.</summary>
    private static string BigList(int endpoints)
    {
        Outcome outcome = Write(default, w =>
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", ApiVersion);
            w.WriteString("kind", "EndpointSliceList");
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", "7");
            w.WriteEndObject();
            w.WriteStartArray("items");
            w.WriteStartObject();
            w.WriteStartObject("metadata");
            w.WriteString("name", "big");
            w.WriteEndObject();
            w.WriteString("addressType", "IPv4");
            w.WriteStartArray("endpoints");
            for (int e = 0; e < endpoints; e++)
            {
                w.WriteStartObject();
                w.WriteStartArray("addresses");
                w.WriteStringValue("10.0." + (e / 256) + "." + (e % 256));
                w.WriteEndArray();
                w.WriteStartObject("conditions");
                w.WriteBoolean("ready", e % 3 != 0);
                w.WriteEndObject();
                w.WriteString("nodeName", e % 7 == 0 ? "n\u00F6de-" + e + "<" : "node-" + e);
                if (e % 11 == 0)
                {
                    w.WriteNumber("extra" + e, e);
                }

                w.WriteString("zone", "zone-" + (e % 3));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return outcome.ToString();
    }

    [Fact]
    public void A_nested_slice_with_5000_endpoints_round_trips_byte_for_byte()
    {
        string json = BigList(5000);
        Assert.True(json.Length > 16 * 1024 * 20);

        EndpointSliceList list = JsonSerializer.Deserialize<EndpointSliceList>(json)!;

        Assert.Equal(5000, list.Items[0].Endpoints.Count);
        Assert.Equal(json, JsonSerializer.Serialize(list));
    }

    [Fact]
    public void A_nested_string_far_longer_than_the_buffer_is_written_as_Utf8JsonWriter_writes_it()
    {
        string plain = new string('p', 100_000);
        string escaped = string.Concat(Enumerable.Repeat("<\u00E9\"", 20_000));

        Assert.Empty(NodeNameMismatches([plain, escaped, plain + escaped, escaped + plain]));
    }

    [Fact]
    public void Many_nested_objects_written_one_after_another_leave_nothing_of_the_last_in_the_next()
    {
        // Long, then short, then escaped, then short again: each buffered object starts from an empty buffer.
        string[] values = [new string('x', 40_000), "a", "<\u00E9>" + new string('y', 20_000), "b", ""];

        Assert.Empty(NodeNameMismatches(values));
    }
}

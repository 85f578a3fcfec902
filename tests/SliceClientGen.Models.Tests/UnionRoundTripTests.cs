using System.Text.Json;
using SliceClientGen.Models.Tests.Unions;
using SliceClientGen.Runtime.Serialization;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// Every union kind of tests/TestDocuments/unions.yml read from JSON, typed, and written back byte for byte:
/// discriminated bases (listed alternatives with and without a mapping, allOf inheritance, unknown variants),
/// discriminated union structs, undiscriminated objects, several types, nullable alternatives,
/// int-or-string, and values no case matches.
/// </summary>
public sealed class UnionRoundTripTests
{
    private static Holder Read(string json) => JsonSerializer.Deserialize<Holder>(json)!;

    private static void AssertRoundTrips(string json) => Assert.Equal(json, JsonSerializer.Serialize(Read(json)));

    [Fact]
    public void A_discriminated_base_reads_the_variant_the_discriminator_names()
    {
        Holder holder = Read("""{"pet":{"name":"Rex","petType":"dog","bark":true},"pets":[{"petType":"cat","lives":9},{"petType":"dog"}]}""");

        Dog dog = Assert.IsType<Dog>(holder.Pet);
        Assert.True(dog.Bark);
        Assert.Equal("Rex", holder.Pet.Name);
        Assert.Equal(9, Assert.IsType<Cat>(holder.Pets![0]).Lives);
        Assert.IsType<Dog>(holder.Pets[1]);
    }

    [Theory]
    [InlineData("""{"pet":{"name":"Rex","petType":"dog","bark":true,"extra":[1,2]}}""")]
    [InlineData("""{"pet":{"petType":"cat","lives":9,"name":"Tom"}}""")]
    public void Each_variant_of_a_discriminated_base_round_trips_byte_for_byte(string json) => AssertRoundTrips(json);

    [Fact]
    public void An_unknown_discriminator_value_reads_as_the_unknown_variant_keeping_every_member()
    {
        const string json = """{"pet":{"petType":"parrot","words":["hello","bye"],"cage":{"size":3},"lives":2}}""";

        Holder holder = Read(json);

        UnknownPet unknown = Assert.IsType<UnknownPet>(holder.Pet);
        Assert.Equal("parrot", unknown.PetType);
        Assert.Equal("hello", unknown.AdditionalProperties["words"][0].GetString());
        Assert.Equal(2, unknown.AdditionalProperties["lives"].GetInt32());
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void An_object_without_the_discriminator_reads_as_the_unknown_variant_and_round_trips()
    {
        const string json = """{"pet":{"name":"Anon","lives":3}}""";

        Holder holder = Read(json);

        Assert.IsType<UnknownPet>(holder.Pet);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void Without_a_mapping_the_discriminator_values_are_the_schema_names()
    {
        Holder holder = Read("""{"pet":{"petType":"cat","lives":1},"vehicle":{"kind":"Bike","gears":21}}""");

        Assert.Equal(21, Assert.IsType<Bike>(holder.Vehicle).Gears);
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"vehicle":{"kind":"Car","wheels":4}}""");
    }

    [Fact]
    public void A_variant_by_allOf_inheritance_reads_with_its_base_properties()
    {
        Holder holder = Read("""{"pet":{"petType":"cat","lives":1},"event":{"type":"created","id":"e1","name":"web","at":"2026-12-06T10:00:00Z"}}""");

        Created created = Assert.IsType<Created>(holder.Event);
        Assert.Equal("web", created.Name);
        Assert.Equal("e1", holder.Event!.Id);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.Zero), holder.Event.At);
    }

    [Theory]
    [InlineData("""{"type":"created","id":"e1","name":"web"}""", typeof(Created))]
    [InlineData("""{"id":"e2","type":"deleted"}""", typeof(Deleted))]
    [InlineData("""{"type":"Moved","id":"e3","from":"a","to":"b"}""", typeof(Moved))]
    [InlineData("""{"type":"renamed","id":"e4","old":"a","new":"b"}""", typeof(UnknownEvent))]
    public void Each_allOf_variant_and_an_unknown_one_round_trip_byte_for_byte(string @event, Type expected)
    {
        string json = """{"pet":{"petType":"cat","lives":1},"events":[""" + @event + "]}";

        Holder holder = Read(json);

        Assert.IsType(expected, Assert.Single(holder.Events!));
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void Variants_built_in_code_are_written_through_their_base()
    {
        var holder = new Holder { Pet = new Dog { PetType = "dog", Bark = false }, Event = new Created { Type = "created", Id = "e9", Name = "db" } };

        Assert.Equal("""{"pet":{"petType":"dog","bark":false},"event":{"type":"created","id":"e9","name":"db"}}""", JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void A_discriminated_union_over_variants_of_another_base_stays_a_union_struct_and_dispatches()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"anyPet":{"petType":"dog","bark":true}}""";

        Holder holder = Read(json);

        Assert.True(holder.AnyPet!.Value.TryGetDog(out Dog? dog));
        Assert.True(dog.Bark);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void An_unknown_discriminator_value_in_a_union_struct_keeps_its_json()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"anyPet":{"petType":"parrot","words":["hi"]}}""";

        Holder holder = Read(json);

        Assert.True(holder.AnyPet!.Value.IsUnknown);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void A_one_of_of_required_lists_beside_properties_reads_as_the_object_of_those_properties()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"draft":{"title":"Intro","categorySlug":"guides"}}""";

        Holder holder = Read(json);

        Assert.Equal("Intro", holder.Draft!.Title);
        Assert.Equal("guides", holder.Draft.CategorySlug);
        Assert.Null(holder.Draft.Category);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Theory]
    [InlineData("""{"amount":5,"card":"4111"}""")]
    [InlineData("""{"iban":"DE89","amount":7,"reference":"rent"}""")]
    public void A_one_of_beside_properties_types_the_properties_each_alternative_adds(string payment)
    {
        string json = """{"pet":{"petType":"cat","lives":1},"payment":""" + payment + "}";

        Payment read = Read(json).Payment!;

        Assert.True(read.Card is not null || read.Iban is not null);
        Assert.Empty(read.AdditionalProperties);
        Assert.Equal(json, JsonSerializer.Serialize(Read(json)));
    }

    [Fact]
    public void Objects_without_a_discriminator_pick_the_case_whose_required_properties_are_present()
    {
        Holder holder = Read("""{"pet":{"petType":"cat","lives":1},"shape":{"label":"big","side":4.5},"shapes":{"a":{"radius":1},"b":{"side":2}}}""");

        Assert.Equal(4.5, holder.Shape!.Value.AsSquare.Side);
        Assert.True(holder.Shapes!["a"].IsCircle);
        Assert.True(holder.Shapes["b"].IsSquare);
    }

    [Fact]
    public void An_object_matching_no_case_keeps_its_raw_json_and_round_trips()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"shape":{"label":"no radius, no side","sides":7}}""";

        Holder holder = Read(json);

        Assert.True(holder.Shape!.Value.IsUnknown);
        Assert.Equal(7, ((JsonElement)holder.Shape.Value.Value!).GetProperty("sides").GetInt32());
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void A_schema_with_several_types_reads_each_as_its_own_case()
    {
        Holder text = Read("""{"pet":{"petType":"cat","lives":1},"id":"abc-1"}""");
        Holder number = Read("""{"pet":{"petType":"cat","lives":1},"id":42}""");

        Assert.Equal("abc-1", text.Id!.Value.AsString);
        Assert.Equal(42L, number.Id!.Value.AsInt64);
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"id":"abc-1"}""");
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"id":42}""");
    }

    [Theory]
    [InlineData("true", "Boolean")]
    [InlineData("9007199254740993", "Int64")]
    [InlineData("1.5", "Double")]
    [InlineData("\"on\"", "String")]
    [InlineData("[\"a\",\"b\"]", "StringList")]
    [InlineData("{\"radius\":2,\"label\":\"c\"}", "Circle")]
    public void Each_token_kind_reads_as_its_case_and_round_trips(string value, string expectedCase)
    {
        string json = """{"pet":{"petType":"cat","lives":1},"setting":""" + value + "}";

        Setting setting = Read(json).Setting!.Value;

        string actual = setting.Match(b => "Boolean", l => "Int64", d => "Double", s => "String", list => "StringList", c => "Circle", unknown => "Unknown");
        Assert.Equal(expectedCase, actual);
        Assert.Equal(json, JsonSerializer.Serialize(Read(json)));
    }

    [Fact]
    public void A_value_of_a_kind_no_case_reads_is_kept_as_json()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"id":[1,2]}""";

        Holder holder = Read(json);

        Assert.True(holder.Id!.Value.IsUnknown);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void A_one_of_with_null_is_the_nullable_type_and_keeps_an_explicit_null()
    {
        Holder holder = Read("""{"pet":{"petType":"cat","lives":1},"nickname":null,"owner":{"petType":"dog","bark":false}}""");

        Assert.Null(holder.Nickname);
        Assert.False(holder.Owner!.Bark);
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"nickname":null,"owner":null}""");
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"nickname":"Kit"}""");
    }

    [Fact]
    public void Int_or_string_keeps_which_reading_it_had()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"port":8080,"maxSurge":"25%"}""";

        Holder holder = Read(json);

        Assert.Equal(8080, holder.Port!.Value.IntValue);
        Assert.True(holder.MaxSurge!.Value.IsString);
        Assert.Equal(3, holder.MaxSurge.Value.GetScaledValue(10, roundUp: true));
        Assert.Equal(2, holder.MaxSurge.Value.GetScaledValue(10, roundUp: false));
        Assert.Equal(json, JsonSerializer.Serialize(holder));
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"port":"8080","maxSurge":1}""");
    }

    [Fact]
    public void An_inline_union_of_a_string_and_an_object_reads_both()
    {
        Holder text = Read("""{"pet":{"petType":"cat","lives":1},"inline":"plain"}""");
        Holder detailed = Read("""{"pet":{"petType":"cat","lives":1},"inline":{"text":"rich","weight":3}}""");

        Assert.Equal("plain", text.Inline!.Value.AsString);
        Assert.Equal(3, detailed.Inline!.Value.AsHolderInlineDetailed.Weight);
        AssertRoundTrips("""{"pet":{"petType":"cat","lives":1},"inline":{"text":"rich","weight":3}}""");
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"flat\":true}")]
    [InlineData("\"text\"")]
    public void A_union_nested_in_a_union_reads_each_token_kind_and_round_trips(string value)
    {
        string json = """{"pet":{"petType":"cat","lives":1},"nested":""" + value + "}";

        Holder holder = Read(json);

        Assert.False(holder.Nested!.Value.IsUnknown);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void Unions_are_built_from_their_cases_by_implicit_conversion_and_written_as_the_case()
    {
        var holder = new Holder
        {
            Pet = new Cat { PetType = "cat", Lives = 7 },
            Id = "x-1",
            Setting = 12L,
            Port = 443,
            MaxSurge = "50%",
        };

        Assert.Equal("""{"pet":{"petType":"cat","lives":7},"id":"x-1","setting":12,"port":443,"maxSurge":"50%"}""", JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void Asking_for_another_case_says_which_case_the_value_holds()
    {
        AnyPet pet = new Dog { PetType = "dog" };

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => pet.AsCat);

        Assert.Equal("The AnyPet is a Dog, not Cat.", error.Message);
    }

    [Fact]
    public void Unions_are_equal_when_they_hold_the_same_case_and_value()
    {
        StringOrNumber a = 5L;
        StringOrNumber b = 5L;
        StringOrNumber c = "5";

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.True(a == b);
    }

    [Fact]
    public void A_long_nesting_path_gives_short_deterministic_names()
    {
        var deep = JsonSerializer.Deserialize<Deep>("""{"aVeryLongPropertyNameThatKeepsGoingOnAndOn":{"anotherVeryLongPropertyNameThatKeepsGoingOnAndOn":{}}}""")!;

        Type[] generated = typeof(Deep).Assembly.GetTypes().Where(t => t.Namespace == typeof(Deep).Namespace && !t.IsNested).ToArray();
        Assert.Contains(generated, t => t.Name.Contains('_'));
        Assert.All(generated, t => Assert.InRange(t.Name.Length, 1, 96));
        Assert.NotNull(deep.AVeryLongPropertyNameThatKeepsGoingOnAndOn);
    }
}

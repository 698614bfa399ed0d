using AfterSales.Access;
using AfterSales.Complaints;
using AfterSales.Customers;

namespace AfterSales.Tests.Customers;

public class SearchTermsTests
{
    [Theory]
    [InlineData("138-0000-1234", "13800001234")]
    [InlineData("138 0000 1234", "13800001234")]
    [InlineData("+86 138 0000 1234", "13800001234")]
    [InlineData("0086-13800001234", "13800001234")]
    [InlineData("(0512) 6688-1234 转 801", "051266881234")]
    [InlineData("0512-66881234 ext. 12", "051266881234")]
    [InlineData("１３８００００１２３４", "13800001234")]
    public void PhoneNumbersWrittenDifferentlyGiveTheSameDigits(string written, string digits) =>
        Assert.Equal(digits, SearchTerms.Digits(written));

    [Theory]
    [InlineData("  Suzhou   PRECISION ", "suzhou precision")]
    [InlineData("ＡＣＭＥ　Tools", "acme tools")]
    [InlineData("苏州精工（集团）", "苏州精工(集团)")]
    [InlineData("A/B #1?", "a b 1")]
    public void NamesAreFoldedSoTypingFindsWhatWasWritten(string written, string normalized) =>
        Assert.Equal(normalized, SearchTerms.Normalize(written));

    [Fact]
    public void AChineseNameIsFoundByAnyWordInIt()
    {
        var terms = SearchTerms.NameTerms("苏州精工机械");
        Assert.Contains(terms, t => t.StartsWith("苏州", StringComparison.Ordinal));
        Assert.Contains(terms, t => t.StartsWith("精工", StringComparison.Ordinal));
        Assert.Contains(terms, t => t.StartsWith("机械", StringComparison.Ordinal));
        Assert.DoesNotContain("械", terms);
    }

    [Fact]
    public void ALatinNameIsFoundByEachWordButNotFromInsideAWord()
    {
        var terms = SearchTerms.NameTerms("Acme Precision Tools");
        Assert.Contains(terms, t => t.StartsWith("prec", StringComparison.Ordinal));
        Assert.Contains(terms, t => t.StartsWith("tools", StringComparison.Ordinal));
        Assert.DoesNotContain(terms, t => t.StartsWith("cme", StringComparison.Ordinal));
    }

    [Fact]
    public void TheLastDigitsOfAPhoneAreAPrefixOfItsTailTerm()
    {
        var tails = SearchTerms.PhoneTailTerms("138-0000-1234", null);
        Assert.Single(tails);
        Assert.StartsWith(SearchTerms.Reverse("1234"), tails[0], StringComparison.Ordinal);
    }

    [Fact]
    public void IndexTermsNeverHoldCharactersATableKeyRefuses()
    {
        var card = Card("Tools/Parts #1? \\ | co", contact: "Mr/Ms ?");
        foreach (var (_, term) in SearchTerms.For(card))
        {
            Assert.DoesNotContain(term, c => c is '/' or '\\' or '#' or '?' or '|' || char.IsControl(c));
            Assert.True(term.Length <= SearchTerms.MaxTermLength);
        }
    }

    internal static CustomerCard Card(string name, string? contact = null, string? phone = null) => new()
    {
        Id = "CU0000000000",
        Name = name,
        ContactPerson = contact,
        Phone = phone,
        Grade = CustomerGrade.Ordinary,
        RegisteredAt = DateTimeOffset.UnixEpoch,
        RegisteredBy = SystemActor.Instance,
    };
}

public class CustomerRulesTests
{
    private static readonly CustomerOptions Options = new() { KeyFrom = 1_000_000m, OrdinaryFrom = 100_000m };
    private static readonly Staff Wang = new("u-wang", "王芳");

    [Theory]
    [InlineData(null, null)]
    [InlineData("0", CustomerGrade.Potential)]
    [InlineData("99999.99", CustomerGrade.Potential)]
    [InlineData("100000", CustomerGrade.Ordinary)]
    [InlineData("999999.99", CustomerGrade.Ordinary)]
    [InlineData("1000000", CustomerGrade.Key)]
    public void TheSuggestedGradeFollowsTheThresholds(string? amount, CustomerGrade? expected) =>
        Assert.Equal(expected, GradeSuggestions.Suggest(amount is null ? null : decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Options)?.Grade);

    [Fact]
    public void ASuggestionExplainsItselfAndNamesTheGradeInBothLanguages()
    {
        var s = GradeSuggestions.Suggest(1_200_000m, Options)!;
        Assert.Contains("1,000,000", s.Basis, StringComparison.Ordinal);
        Assert.Equal(new DisplayName("重点顾客", "Key customer"), s.GradeName);
    }

    [Fact]
    public void ANewCustomerWithoutAGradeIsOrdinaryAndTheSuggestionDoesNotForceIt()
    {
        var (card, registered) = CustomerRules.Register("CU0000000001", new NewCustomer("苏州精工", AnnualPurchaseAmount: 5_000_000m), Wang, DateTimeOffset.UnixEpoch);
        Assert.Equal(CustomerGrade.Ordinary, card.Grade);
        Assert.Equal("Registered", registered.Type);
        Assert.Equal("苏州精工", Assert.IsType<CustomerRegistered>(registered.Data).Changes["name"].To);
    }

    [Fact]
    public void GivingAGradeNeedsAReason()
    {
        var e = Assert.Throws<ValidationException>(() =>
            CustomerRules.Register("CU0000000001", new NewCustomer("苏州精工", Grade: CustomerGrade.Key), Wang, DateTimeOffset.UnixEpoch));
        Assert.Contains("gradeReason", e.Errors.Keys);
    }

    [Fact]
    public void AChangeRecordsEachFieldFromAndToAndARegradeSeparatelyWithItsReason()
    {
        var (card, _) = CustomerRules.Register("CU0000000001", new NewCustomer("苏州精工", Phone: "0512-1234567"), Wang, DateTimeOffset.UnixEpoch);
        var (changed, events) = CustomerRules.Update(card,
            new CustomerUpdate("苏州精工机械", Phone: "0512-1234567", Grade: CustomerGrade.Key, GradeReason: "年采购额超过 100 万", Reason: "工商变更"),
            Wang, DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.Equal(["Updated", "Regraded"], events.Select(e => e.Type));
        Assert.Equal(new FieldChange("苏州精工", "苏州精工机械"), ((CustomerUpdated)events[0].Data).Changes["name"]);
        Assert.DoesNotContain("phone", ((CustomerUpdated)events[0].Data).Changes.Keys);
        Assert.Equal("工商变更", events[0].Reason);
        Assert.Equal(new FieldChange("ordinary", "key"), ((CustomerRegraded)events[1].Data).Changes["grade"]);
        Assert.Equal("年采购额超过 100 万", events[1].Reason);
        Assert.Equal(CustomerGrade.Key, changed.Grade);
    }

    [Fact]
    public void ACardRefusesInvisibleNamesControlCharactersAndUnknownProvinces()
    {
        var errors = CustomerRules.Validate(new NewCustomer("\u200B\u3000", ContactPerson: "周\u0007工", Address: "苏州市\n工业园区", Province: "Jiangsuu", Notes: "第一行\r\n第二行\u202E"), gradeChanging: false);
        Assert.Equivalent(new[] { "name", "contactPerson", "province", "notes" }, errors.Keys);
        Assert.Empty(CustomerRules.Validate(new NewCustomer("苏州精工", Address: "苏州市\n工业园区", Province: "Jiangsu Province"), gradeChanging: false));
    }

    [Fact]
    public void AnUpdateThatChangesNothingRecordsNothing()
    {
        var (card, _) = CustomerRules.Register("CU0000000001", new NewCustomer("苏州精工", Province: "江苏省"), Wang, DateTimeOffset.UnixEpoch);
        var (_, events) = CustomerRules.Update(card, new CustomerUpdate(" 苏州精工 ", Province: "江苏"), Wang, DateTimeOffset.UnixEpoch);
        Assert.Empty(events);
    }

    [Fact]
    public void AVisitEndsAfterItBegins()
    {
        var at = DateTimeOffset.UnixEpoch;
        var e = Assert.Throws<ValidationException>(() =>
            VisitRules.Record("V1", "CU0000000001", new NewVisit(["张总"], [], at, at, "验收"), Wang, at));
        Assert.Contains("to", e.Errors.Keys);
    }
}

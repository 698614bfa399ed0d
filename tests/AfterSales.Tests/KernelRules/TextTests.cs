namespace AfterSales.Tests.KernelRules;

/// <summary>What stored text may hold, and how it is written out where it could be taken for something else.</summary>
public class TextTests
{
    [Theory]
    [InlineData("设备\u0007异响")]       // bell
    [InlineData("设备\u0000异响")]       // NUL
    [InlineData("设备\t异响")]           // tab
    [InlineData("设备\u001b[31m异响")]   // an escape sequence
    [InlineData("设备\u202E响异")]       // right-to-left override
    [InlineData("设备\u2066异响\u2069")] // isolates
    [InlineData("设备\u0085异响")]       // NEL, a C1 control
    public void ControlCharactersBidiOverridesAndBrokenTextAreRefused(string text)
    {
        var errors = new ErrorList();
        TextLimits.Check(errors, "description", text, TextLimits.Text);
        Assert.Equal(1, errors.Count);
    }

    [Fact]
    public void BrokenUtf16IsRefused()
    {
        var errors = new ErrorList();
        TextLimits.Check(errors, "description", "设备" + (char)0xD800 + "异响", TextLimits.Text);
        TextLimits.Check(errors, "product", "CNC" + (char)0xDC00, TextLimits.Name);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void FreeTextKeepsLineBreaksAndNamesAreOneLine()
    {
        var errors = new ErrorList();
        TextLimits.Check(errors, "description", "第一行\r\n第二行\n第三行", TextLimits.Text);
        Assert.Equal(0, errors.Count);
        TextLimits.Check(errors, "product", "CNC\n850", TextLimits.Name);
        Assert.Equal(1, errors.Count);
    }

    [Theory]
    [InlineData("\u200B\u200B")]
    [InlineData("\u3000")]
    [InlineData("\u200D\uFE0F")]
    [InlineData("\u2800\u3164")]
    [InlineData(" \u00A0 ")]
    public void NamesMadeOnlyOfInvisibleCharactersAreRefused(string name)
    {
        var errors = new ErrorList();
        TextLimits.CheckName(errors, "customer.name", name);
        Assert.Equal(1, errors.Count);
        Assert.True(TextLimits.IsBlank(name));
    }

    [Theory]
    [InlineData("苏州精工")]
    [InlineData("O'Brien & Sons")]
    [InlineData("=HYPERLINK(\"http://x\")")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("👩‍🔧 王师傅")]
    [InlineData("עברית 混合 text")]
    public void OrdinaryAndSuspiciousLookingNamesAreStoredAsTyped(string name)
    {
        var errors = new ErrorList();
        TextLimits.CheckName(errors, "customer.name", name);
        Assert.Equal(0, errors.Count);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+86 138", "'+86 138")]
    [InlineData("-5", "'-5")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=cmd,\"x\"", "\"'=cmd,\"\"x\"\"\"")]
    [InlineData("苏州精工", "苏州精工")]
    [InlineData(null, "")]
    public void CsvCellsNeverStartLikeAFormula(string? text, string cell) => Assert.Equal(cell, TextOutput.CsvCell(text));

    [Fact]
    public void HtmlIsEncoded() =>
        Assert.Equal("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 客户", TextOutput.Html("<script>alert('x')</script> & 客户"));
}

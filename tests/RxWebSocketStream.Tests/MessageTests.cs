namespace RxWebSocketStream.Tests;

public sealed class MessageTests
{
    [Fact]
    public void FromText_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>("text", () => Message.FromText(null!));
    }

    [Fact]
    public void FromBinary_NullArray_Throws()
    {
        Assert.Throws<ArgumentNullException>("data", () => Message.FromBinary((byte[])null!));
    }

    [Fact]
    public void Text_OfBinaryMessage_ThrowsSayingItIsBinary()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Message.FromBinary(new byte[3]).Text);

        Assert.Contains("binary message of 3 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TextMessage_FromStringAndFromUtf8_AreEqualWithEqualHashes()
    {
        var fromString = Message.FromText("héllo");
        var fromBytes = Message.FromUtf8Text("héllo"u8.ToArray());

        Assert.Equal(fromString, fromBytes);
        Assert.Equal(fromString.GetHashCode(), fromBytes.GetHashCode());
        Assert.Equal("héllo", fromBytes.Text);
        Assert.Equal("héllo"u8.ToArray(), fromString.Data.ToArray());
    }

    [Fact]
    public void TextAndBinary_WithSameBytes_AreNotEqual()
    {
        Assert.NotEqual(Message.FromText("a"), Message.FromBinary("a"u8.ToArray()));
        Assert.True(Message.FromText("a") != Message.FromBinary("a"u8.ToArray()));
    }

    [Fact]
    public void Binary_EqualityIsByContent()
    {
        Assert.Equal(Message.FromBinary(new byte[] { 1, 2 }), Message.FromBinary(new byte[] { 1, 2 }));
        Assert.NotEqual(Message.FromBinary(new byte[] { 1, 2 }), Message.FromBinary(new byte[] { 1, 3 }));
    }

    [Fact]
    public void Default_IsEmptyBinary()
    {
        Assert.Equal(MessageType.Binary, default(Message).Type);
        Assert.Equal(Message.FromBinary(Array.Empty<byte>()), default);
    }

    [Theory]
    [InlineData("hello", "text \"hello\"")]
    [InlineData("", "text \"\"")]
    public void ToString_Text_IsQuoted(string text, string expected)
    {
        Assert.Equal(expected, Message.FromText(text).ToString());
    }

    [Fact]
    public void ToString_Binary_ShowsLengthAndHex()
    {
        Assert.Equal("binary[4] CA FE BA BE", Message.FromBinary(new byte[] { 0xCA, 0xFE, 0xBA, 0xBE }).ToString());
        Assert.Equal("binary[0]", Message.FromBinary(Array.Empty<byte>()).ToString());
    }

    [Fact]
    public void ToString_LongPayloads_AreCut()
    {
        Assert.EndsWith(" …", Message.FromBinary(new byte[100]).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("binary[100] 00 00", Message.FromBinary(new byte[100]).ToString(), StringComparison.Ordinal);
        Assert.StartsWith("text[100] \"aaa", Message.FromText(new string('a', 100)).ToString(), StringComparison.Ordinal);
    }
}

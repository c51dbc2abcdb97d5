using System.Text;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Generates fuzz cases for a client: valid traffic, each way RFC 6455 section 5 lets a server frame be
/// wrong, and blind mutations (bit flips, random bytes). A violation is preceded by valid messages (which
/// must still be delivered) and may be followed by valid frames (which must be ignored). Each case is
/// built from its own <see cref="Random"/> seeded with (seed, index), so any one replays alone.
/// </summary>
internal sealed class FrameFuzzer
{
    private const int Text = 1;
    private const int Binary = 2;
    private const int Close = 8;
    private const int Ping = 9;
    private const int Pong = 10;

    /// <summary>Close codes a peer may send (RFC 6455 7.4, and the ones the BCL accepts).</summary>
    private static readonly int[] ReceivableCodes = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999];

    /// <summary>Byte sequences that are never valid UTF-8 wherever they appear.</summary>
    private static readonly byte[][] InvalidUtf8 =
    [
        [0x80], // a continuation byte with no lead
        [0xBF],
        [0xC0, 0xAF], // overlong '/'
        [0xC1, 0x81],
        [0xE0, 0x80, 0xAF], // overlong, 3 bytes
        [0xF0, 0x80, 0x80, 0xAF], // overlong, 4 bytes
        [0xED, 0xA0, 0x80], // an encoded surrogate
        [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
        [0xF5, 0x80, 0x80, 0x80],
        [0xFE],
        [0xFF],
        [0xC3, 0x28], // a lead byte followed by ASCII
        [0xE2, 0x82, 0x28],
    ];

    private readonly int _seed;
    private readonly int _maxMessageSize;
    private Random _random = new(0);

    public FrameFuzzer(int seed, int maxMessageSize)
    {
        _seed = seed;
        _maxMessageSize = maxMessageSize;
    }

    public FuzzCase Generate(int index) => Generate(index, kind: null);

    /// <summary>Generates case <paramref name="index"/>, of the given kind if one is named.</summary>
    public FuzzCase Generate(int index, FuzzKind? kind)
    {
        _random = new Random(unchecked((_seed * 1_000_003) + index));
        var chosen = kind ?? PickKind();
        var ending = (PeerEnding)_random.Next(3);
        var (bytes, expected) = chosen switch
        {
            FuzzKind.Valid => ValidCase(ending),
            FuzzKind.BitFlips => (FlipBits(Serialize(ValidSequence(withClose: _random.Next(2) == 0).Frames)), FuzzExpectation.Anything),
            FuzzKind.RandomBytes => (RandomBytes(), FuzzExpectation.Anything),
            FuzzKind.Truncated => TruncatedCase(ending),
            _ => ViolationCase(chosen),
        };

        return new FuzzCase(index, chosen, ending, bytes, Chunks(bytes.Length), expected);
    }

    private FuzzKind PickKind()
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 15 => FuzzKind.Valid,
            < 30 => FuzzKind.BitFlips,
            < 38 => FuzzKind.RandomBytes,
            _ => (FuzzKind)_random.Next((int)FuzzKind.BadOpcode, (int)FuzzKind.BitFlips),
        };
    }

    private (byte[], FuzzExpectation) ValidCase(PeerEnding ending)
    {
        var withClose = _random.Next(2) == 0;
        var (frames, messages, closeCode) = ValidSequence(withClose);
        var expected = closeCode is { } code
            // The peer closed: we answer with its code and end cleanly once the peer closes TCP. A BCL client
            // waits up to a second of wall-clock time for that inside CloseOutputAsync, and the virtual clock
            // passes the close timeout first, so a peer that never closes TCP gets its code in an error.
            ? new FuzzExpectation(messages, Clean: ending == PeerEnding.Silent ? null : true, ReportedCode: code, ClientCloseCode: code)
            : ending switch
            {
                // No close frame came: the drop is an unclean end, and there was nothing to answer.
                PeerEnding.Drop => new FuzzExpectation(messages, Clean: false, ReportedCode: 1006, ClientCloseCode: null),
                // The test closes with no code (1000 on the wire) and the peer echoes it.
                PeerEnding.Echo => new FuzzExpectation(messages, Clean: true, ReportedCode: 1000, ClientCloseCode: 1000),
                _ => new FuzzExpectation(messages, Clean: false, ReportedCode: 1006, ClientCloseCode: 1000),
            };
        return (Serialize(frames), expected);
    }

    private (byte[], FuzzExpectation) TruncatedCase(PeerEnding ending)
    {
        var (prefix, messages, _) = ValidSequence(withClose: false, maxItems: 2);
        var whole = Serialize(_random.Next(4) == 0 ? [ValidClose().Frame] : ValidItem().Frames);
        var cut = whole[.._random.Next(1, whole.Length)];

        // The echo's bytes would be read as the rest of the cut frame: anything may follow. Otherwise the
        // frame never completes, so the end is unclean and only the prefix was delivered.
        var expected = ending == PeerEnding.Echo
            ? FuzzExpectation.Anything
            : new FuzzExpectation(messages, Clean: false, ReportedCode: 1006, ClientCloseCode: ending == PeerEnding.Silent ? 1000 : null);
        return ([.. Serialize(prefix), .. cut], expected);
    }

    private (byte[], FuzzExpectation) ViolationCase(FuzzKind kind)
    {
        var (prefix, messages, _) = ValidSequence(withClose: false, maxItems: 2);
        var (violation, clientCode, reportedCode) = Violation(kind);

        // Whatever follows a violation must never be delivered: the connection has failed.
        var trailing = _random.Next(3) == 0 ? ValidSequence(withClose: _random.Next(2) == 0, maxItems: 2).Frames : [];
        var expected = new FuzzExpectation(messages, Clean: false, reportedCode, clientCode);
        return (Serialize([.. prefix, .. violation, .. trailing]), expected);
    }

    /// <summary>
    /// The offending frames, the close code RFC 6455 7.4.1 gives the client for the fault (1002 protocol
    /// error, 1007 bad UTF-8 data, 1009 too big; null where there is no fault to name, only a frame that
    /// never ends), and the code the error must carry (docs/behaviour.md ("Receiving"): 1006 after a protocol violation, 1009
    /// for a message over the limit).
    /// </summary>
    private (List<WireFrame> Frames, int? ClientCode, int? ReportedCode) Violation(FuzzKind kind)
    {
        switch (kind)
        {
            case FuzzKind.BadOpcode:
                return ([new WireFrame(_random.GetItems<int>([3, 4, 5, 6, 7, 11, 12, 13, 14, 15], 1)[0], RandomPayload(0, 30)) { Fin = _random.Next(4) != 0 }], 1002, 1006);
            case FuzzKind.ReservedBits:
                return ([OneValidFrame() with { Reserved = _random.Next(1, 8) }], 1002, 1006);
            case FuzzKind.MaskedFromServer:
                return ([OneValidFrame() with { MaskKey = RandomPayload(4, 4) }], 1002, 1006);
            case FuzzKind.FragmentedControl:
                return ([ControlFrame(maxPayload: 125) with { Fin = false }], 1002, 1006);
            case FuzzKind.ControlOver125:
                return ([ControlFrame(minPayload: 126, maxPayload: 400)], 1002, 1006);
            case FuzzKind.ContinuationWithoutStart:
                return ([new WireFrame(0, Ascii(_random.Next(0, 40))) { Fin = _random.Next(2) == 0 }], 1002, 1006);
            case FuzzKind.NewMessageInsideFragmented:
                var first = new WireFrame(_random.Next(Text, Binary + 1), Ascii(_random.Next(0, 20))) { Fin = false };
                var second = new WireFrame(_random.Next(Text, Binary + 1), Ascii(_random.Next(0, 20))) { Fin = _random.Next(2) == 0 };
                return ([first, second], 1002, 1006);
            case FuzzKind.InvalidUtf8Text:
                return (InvalidUtf8Message(), 1007, 1006);
            case FuzzKind.InvalidCloseBody:
                return ([new WireFrame(Close, InvalidCloseBody())], 1002, 1006);
            case FuzzKind.LengthWithTopBitSet:
                return ([new WireFrame(Binary, RandomPayload(0, 16)) { DeclaredLength = 0x8000_0000_0000_0000UL | (ulong)_random.NextInt64() }], 1002, 1006);
            case FuzzKind.EnormousLength:
                // Legal, so the client waits for the rest; the frame never completes and the end is unclean.
                return ([new WireFrame(Binary, RandomPayload(0, 16)) { DeclaredLength = (ulong)_random.NextInt64(1L << 31, 1L << 62) }], null, 1006);
            case FuzzKind.OverMaxMessageSize:
                return (Fragment(_random.Next(Text, Binary + 1), Ascii(_random.Next(_maxMessageSize + 1, _maxMessageSize + 2_000))), 1009, 1009);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a violation");
        }
    }

    /// <summary>Up to <paramref name="maxItems"/> valid messages and control frames, then maybe a valid close.</summary>
    private (List<WireFrame> Frames, List<Message> Messages, int? CloseCode) ValidSequence(bool withClose, int maxItems = 4)
    {
        var frames = new List<WireFrame>();
        var messages = new List<Message>();
        for (var count = _random.Next(0, maxItems + 1); count > 0; count--)
        {
            var (itemFrames, message) = ValidItem();
            frames.AddRange(itemFrames);
            if (message is { } m)
            {
                messages.Add(m);
            }
        }

        int? closeCode = null;
        if (withClose)
        {
            var (frame, code) = ValidClose();
            frames.Add(frame);
            closeCode = code;
        }

        return (frames, messages, closeCode);
    }

    private (List<WireFrame> Frames, Message? Message) ValidItem()
    {
        switch (_random.Next(5))
        {
            case 0:
            case 1:
                var text = ValidUtf8(_random.Next(0, 200));
                return (Fragment(Text, text), Message.FromUtf8Text(text));
            case 2:
            case 3:
                var data = RandomPayload(0, 300);
                return (Fragment(Binary, data), Message.FromBinary(data));
            default:
                return ([ControlFrame(maxPayload: 125, close: false)], null);
        }
    }

    /// <summary>A valid close: an empty body (which the BCL reports as 1000), or a receivable code and a short UTF-8 reason.</summary>
    private (WireFrame Frame, int Code) ValidClose()
    {
        if (_random.Next(8) == 0)
        {
            return (new WireFrame(Close, []), 1000);
        }

        var code = _random.Next(4) == 0 ? _random.Next(3000, 5000) : _random.GetItems(ReceivableCodes, 1)[0];
        return (new WireFrame(Close, [(byte)(code >> 8), (byte)code, .. ValidUtf8(_random.Next(0, 124))]), code);
    }

    /// <summary>One frame that is valid on its own: a whole text or binary message, a ping, a pong or a close.</summary>
    private WireFrame OneValidFrame() => _random.Next(5) switch
    {
        0 => new WireFrame(Text, ValidUtf8(_random.Next(0, 60))),
        1 => new WireFrame(Binary, RandomPayload(0, 60)),
        2 => ValidClose().Frame,
        _ => ControlFrame(maxPayload: 125, close: false),
    };

    /// <summary>A ping, a pong or (unless excluded) a close, with a payload in the given range.</summary>
    private WireFrame ControlFrame(int minPayload = 0, int maxPayload = 125, bool close = true)
    {
        var opcode = close ? _random.GetItems<int>([Ping, Pong, Close], 1)[0] : _random.Next(2) == 0 ? Ping : Pong;
        if (opcode != Close)
        {
            return new WireFrame(opcode, RandomPayload(minPayload, maxPayload));
        }

        // A close body must itself be valid, so that the only fault is the one under test.
        var reason = Ascii(Math.Max(0, _random.Next(minPayload, maxPayload + 1) - 2));
        return new WireFrame(Close, [0x03, 0xE8, .. reason]);
    }

    /// <summary>Splits a message into 1-4 fragments, with valid pings and pongs sometimes between them.</summary>
    private List<WireFrame> Fragment(int opcode, byte[] payload)
    {
        var pieces = _random.Next(1, 5);
        var cuts = Enumerable.Range(0, pieces - 1).Select(_ => _random.Next(0, payload.Length + 1)).Order().ToList();
        cuts.Insert(0, 0);
        cuts.Add(payload.Length);

        var frames = new List<WireFrame>();
        for (var i = 0; i < pieces; i++)
        {
            if (i > 0 && _random.Next(4) == 0)
            {
                frames.Add(ControlFrame(maxPayload: 125, close: false));
            }

            frames.Add(new WireFrame(i == 0 ? opcode : 0, payload[cuts[i]..cuts[i + 1]]) { Fin = i == pieces - 1 });
        }

        return frames;
    }

    private List<WireFrame> InvalidUtf8Message()
    {
        var bad = _random.Next(8) == 0
            // A sequence cut off by the end of the message: a valid start, never finished.
            ? [.. ValidUtf8(_random.Next(0, 40)), .. _random.GetItems<byte[]>([[0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98]], 1)[0]]
            : (byte[])[.. ValidUtf8(_random.Next(0, 40)), .. _random.GetItems(InvalidUtf8, 1)[0], .. ValidUtf8(_random.Next(0, 40))];
        return Fragment(Text, bad);
    }

    private byte[] InvalidCloseBody()
    {
        switch (_random.Next(4))
        {
            case 0:
                return [(byte)_random.Next(256)];
            case 1:
            case 2:
                var code = _random.Next(6) switch
                {
                    0 => _random.Next(0, 1000),
                    1 => _random.GetItems<int>([1004, 1005, 1006, 1015], 1)[0],
                    2 or 3 => _random.Next(1016, 3000),
                    _ => _random.Next(5000, 65536),
                };
                return [(byte)(code >> 8), (byte)code, .. Ascii(_random.Next(0, 20))];
            default:
                return [0x03, 0xE8, .. Ascii(_random.Next(0, 10)), .. _random.GetItems(InvalidUtf8, 1)[0]];
        }
    }

    private byte[] FlipBits(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return RandomBytes();
        }

        for (var flips = _random.Next(1, 9); flips > 0; flips--)
        {
            bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return bytes;
    }

    private byte[] RandomBytes() => RandomPayload(1, 64);

    /// <summary>Valid UTF-8 of about <paramref name="bytes"/> bytes, from all planes.</summary>
    private byte[] ValidUtf8(int bytes)
    {
        var text = new StringBuilder();
        while (Encoding.UTF8.GetByteCount(text.ToString()) < bytes)
        {
            var scalar = _random.Next(4) switch
            {
                0 => _random.Next(0x20, 0x80),
                1 => _random.Next(0x80, 0x800),
                2 => _random.Next(2) == 0 ? _random.Next(0x800, 0xD800) : _random.Next(0xE000, 0x10000),
                _ => _random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(scalar));
        }

        var utf8 = Encoding.UTF8.GetBytes(text.ToString());
        return utf8.Length <= bytes ? utf8 : Encoding.UTF8.GetBytes(text.ToString(0, text.Length - (char.IsLowSurrogate(text[^1]) ? 2 : 1)));
    }

    private byte[] Ascii(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)_random.Next(0x20, 0x7F);
        }

        return bytes;
    }

    private byte[] RandomPayload(int min, int max)
    {
        var bytes = new byte[_random.Next(min, max + 1)];
        _random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Half the cases arrive in one write; the rest in small pieces, so headers split across reads.</summary>
    private List<int> Chunks(int length)
    {
        if (_random.Next(2) == 0)
        {
            return [length];
        }

        var chunks = new List<int>();
        for (var left = length; left > 0;)
        {
            var size = Math.Min(left, _random.Next(1, 17));
            chunks.Add(size);
            left -= size;
        }

        return chunks;
    }

    private static byte[] Serialize(IEnumerable<WireFrame> frames) => [.. frames.SelectMany(f => f.ToBytes())];
}

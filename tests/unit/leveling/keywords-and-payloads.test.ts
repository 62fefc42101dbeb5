import { detectKeywords, keywordReply, levelUpMessage, voiceTransition } from '../../../src/lib/leveling';

describe('detectKeywords', () => {
  it('finds whole words in any case', () => {
    expect(detectKeywords('look, NanoMon!')).toEqual(['nanomon']);
    expect(detectKeywords('Approved.')).toEqual(['approved']);
    expect(detectKeywords('nanomon approved')).toEqual(['nanomon', 'approved']);
    expect(detectKeywords('(nanomon)')).toEqual(['nanomon']);
  });

  it('ignores the words inside other words, also next to non-ASCII letters and digits', () => {
    expect(detectKeywords('xnanomonx')).toEqual([]);
    expect(detectKeywords('disapproved')).toEqual([]);
    expect(detectKeywords('approved2')).toEqual([]);
    expect(detectKeywords('nanomonä')).toEqual([]);
    expect(detectKeywords('nano_mon nanomon_')).toEqual([]);
    expect(detectKeywords('')).toEqual([]);
  });
});

describe('payloads', () => {
  it('pings at most the member who levelled up', () => {
    const message = levelUpMessage('de', '123', 4, 700);
    expect(message.content).toBe('🎉 <@123> ist auf **Level 4** aufgestiegen! (XP: 700)');
    expect(message.allowedMentions).toEqual({ users: ['123'] });
    expect(levelUpMessage('en-US', '123', 4, 700).content).toContain('**level 4**');
  });

  it('answers keywords without pinging the author or anyone else', () => {
    expect(keywordReply('approved').allowedMentions).toEqual({ parse: [], repliedUser: false });
  });
});

describe('voiceTransition', () => {
  it('starts the clock on join, stops it on leave and keeps it on a move or a mute', () => {
    expect(voiceTransition(null, '1')).toBe('join');
    expect(voiceTransition('1', null)).toBe('leave');
    expect(voiceTransition('1', '2')).toBe('none');
    expect(voiceTransition('1', '1')).toBe('none');
    expect(voiceTransition(null, null)).toBe('none');
  });
});

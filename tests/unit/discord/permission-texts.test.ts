import { channelProblemText, channelUnavailableText, missingPermissionText, permissionName } from '../../../src/lib/discord/permission-texts';
import { ChannelUnavailableError } from '../../../src/lib/discord/errors';

describe('permission texts', () => {
  it('names permissions in the member language, spelling out unknown flags', () => {
    expect(permissionName('SendMessages', 'de')).toBe('Nachrichten senden');
    expect(permissionName('EmbedLinks', 'en-US')).toBe('Embed Links');
    expect(permissionName('UseExternalStickers', 'en-US')).toBe('Use External Stickers');
  });

  it('says which channel and which permissions are missing', () => {
    expect(missingPermissionText('55', ['SendMessages'], 'en-US')).toBe(
      'I am missing the **Send Messages** permission in <#55>. Please ask a server admin to grant it.',
    );
    expect(missingPermissionText('55', ['ViewChannel', 'EmbedLinks'], 'de')).toContain('<#55>: **Kanal ansehen, Links einbetten**');
  });

  it('explains every channel problem', () => {
    expect(channelProblemText({ kind: 'notFound', channelId: '7' }, 'en-US')).toContain('<#7> no longer exists');
    expect(channelProblemText({ kind: 'notText', channelId: '7' }, 'de')).toContain('kein Text-Channel');
    expect(channelProblemText({ kind: 'missingPermissions', channelId: '7', missing: ['ViewChannel'] }, 'en-US')).toContain('**View Channel**');
  });

  it('names what Discord refused: the channel, the view permission, or everything posting needs', () => {
    expect(channelUnavailableText('en-US', new ChannelUnavailableError('7', 'unknownChannel'))).toContain('<#7> no longer exists');
    expect(channelUnavailableText('en-US', new ChannelUnavailableError('7', 'missingAccess'))).toBe(
      'I am missing the **View Channel** permission in <#7>. Please ask a server admin to grant it.',
    );
    expect(channelUnavailableText('en-US', new ChannelUnavailableError('7', 'missingPermissions'))).toContain(
      '<#7>: **View Channel, Send Messages, Embed Links**',
    );
  });
});

/**
 * The most common passwords of 8 or more characters (shorter ones are refused anyway), from the
 * public breach top lists. Small on purpose: it stops the guesses an attacker tries first
 * without pulling a dictionary into the relay. Compared case-insensitively.
 */
const COMMON = `
12345678 123456789 1234567890 12345678910 123123123 11111111 111111111 1111111111 00000000 000000000
0987654321 87654321 987654321 11223344 12341234 12121212 123321123 88888888 99999999 66666666 55555555
77777777 22222222 33333333 44444444 147258369 159753456 789456123 123654789 1q2w3e4r 1q2w3e4r5t 1qaz2wsx
1qazxsw2 zaq12wsx zaq1zaq1 q1w2e3r4 q1w2e3r4t5 qwertyui qwertyuiop qwerty123 qwerty12 qwerty1234 asdfghjk
asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123 password password1 password12 password123 password1234 passw0rd
p@ssw0rd p@ssword pa55word pass1234 password! password01 mypassword secret123 letmein1 letmein123
iloveyou iloveyou1 iloveyou2 trustno1 sunshine sunshine1 princess princess1 football football1 baseball
basketball superman batman123 starwars welcome1 welcome123 welcome! abc12345 abcd1234 abcdefgh a1b2c3d4
aa123456 aaaaaaaa 1234qwer qwer1234 admin123 administrator changeme changeme1 computer internet
whatever monkey123 dragon123 master123 football123 michael1 jennifer jordan23 hello123 helloworld
charlie1 freedom1 shadow12 cheese123 chocolate butterfly liverpool arsenal1 chelsea1 manchester
baseball1 soccer12 hockey12 summer2024 summer2025 summer2026 winter2024 winter2025 spring2025 autumn2025
fieldbook fieldbook1 fieldbook123 qazwsxedc qazwsx123 1234abcd 123abc123 abc123456 iloveu123 lovely123
loveme123 987654321a 123456789a 123456789q a123456789 q123456789 asdasdasd qweqweqwe 123qweasd
qweasdzxc 1qaz2wsx3edc zxcvbnm, passwordpassword 11111111a default1 guest123 user1234 test1234
testtest temp1234 login123 access14 mustang1 harley12 ranger12 thomas12 tigger12 buster12 pepper12
ginger12 jessica1 ashley12 michelle daniel12 matthew1 anthony1 joshua12 andrew12 nicole12 samsung1
google123 facebook1 linkedin1 yankees1 cowboys1 eagles12 correcthorsebatterystaple
`;

const LIST: ReadonlySet<string> = new Set(COMMON.split(/\s+/).filter((word) => word.length >= 8));

export const isCommonPassword = (password: string): boolean => LIST.has(password.normalize('NFKC').toLowerCase());

import { defineRule, type InjectionRule } from '../injection-rule.js';
import { CYRILLIC_START, cjkGap, gap } from '../rule-syntax.js';
import { languageRule } from './language-rule.js';

const leak = languageRule('prompt-leak', 'show / reveal your system prompt or hidden instructions.');

/** System-prompt extraction and "no restrictions" personas in languages other than English. */
export const multilingualLeakRules: readonly InjectionRule[] = [
  leak(
    'es',
    'Spanish',
    String.raw`\b(?:muestra|muestrame|revela|revelame|dime|imprime|ensename|escribe|repite|comparte|di|cual es|cuales son) ${gap(2)}(?:tu |el |su |tus |sus )?(?:prompt|mensaje|instrucciones|indicaciones|reglas) (?:completo |completas |exacto |exactas )?(?:del sistema|de sistema|iniciales?|originales?|ocult[oa]s?|secret[oa]s?)\b`,
  ),
  leak(
    'fr',
    'French',
    String.raw`\b(?:montre|montrez|revele|revelez|affiche|affichez|donne|donnez|dis|dites|imprime|ecris|repete|repetez|quel est|quelles sont) ${gap(2)}(?:ton |votre |le |tes |vos |les )?(?:prompt|message|invite|instructions|consignes) (?:du systeme|systeme|initiale?s?|d'origine|originale?s?|cachee?s?|secrete?s?)\b`,
  ),
  leak(
    'de',
    'German',
    String.raw`\b(?:zeige|zeig|gib|nenne|verrate|drucke|wiederhole|schreibe|sag|teile|was ist|was sind|wie lautet|wie lauten) ${gap(3)}(?:deinen|deine|dein|den|die|ihren|ihre) (?:system-?prompt|systemanweisungen|systemnachricht|system-?anweisung(?:en)?|(?:ursprunglichen|anfanglichen|versteckten|geheimen|internen) (?:anweisungen|instruktionen|regeln)|initialen prompt)`,
  ),
  leak(
    'it',
    'Italian',
    String.raw`\b(?:mostra|mostrami|rivela|rivelami|dimmi|stampa|scrivi|ripeti|condividi|qual e|quali sono) ${gap(2)}(?:il |la |le |i )?(?:tuo |tua |tue |tuoi )?(?:prompt|messaggio|istruzioni) (?:di sistema|del sistema|iniziali?|originali?|nascost[eoi]|segret[eoi])\b`,
  ),
  leak(
    'pt',
    'Portuguese',
    String.raw`\b(?:mostre|mostra|revele|revela|diga|diz|imprima|escreva|repita|compartilhe|qual e|quais sao|me mostre|me diga) ${gap(2)}(?:o |a |os |as )?(?:seu |sua |seus |suas |teu |tua )?(?:prompt|mensagem|instrucoes) (?:do sistema|de sistema|iniciais|inicial|originais|original|ocultas?|secretas?)\b`,
  ),
  leak(
    'zh',
    'Chinese',
    `(?:输出|輸出|显示|顯示|告诉我|告訴我|打印|重复|重複|泄露|洩露|透露|给我看|給我看|展示|列出|说出|說出|写出|寫出|复述|複述)${cjkGap(8)}(?:系统提示|系統提示|系统指令|系統指令|系统消息|系統消息|初始指令|初始提示|原始指令|原始提示|隐藏指令|隱藏指令|你的提示词|你的提示詞|你的指令|你的设定|你的設定)`,
  ),
  leak(
    'ja',
    'Japanese',
    `(?:システムプロンプト|システムメッセージ|初期プロンプト|初期指示|元の指示|隠された指示|あなたの指示|あなたのプロンプト|システムの指示)${cjkGap(8)}(?:表示|教え|出力|見せ|書い|繰り返|明か|開示|共有)`,
  ),
  leak(
    'ru',
    'Russian',
    `${CYRILLIC_START}(?:покажи|покажите|выведи|выведите|раскрой|раскройте|напиши|напишите|повтори|повторите|скажи|скажите|расскажи|распечатай|открой|какой|каков|какие) ${gap(3)}(?:системный промпт|системную подсказку|системное сообщение|системные инструкции|системные указания|исходные инструкции|изначальные инструкции|скрытые инструкции|свои инструкции|твои инструкции|свой промпт|твой промпт|свой системный промпт)`,
  ),
  defineRule({
    id: 'role-play.multilingual-unrestricted',
    category: 'role-play',
    weight: 0.8,
    languages: ['es', 'fr', 'de', 'it', 'pt', 'zh', 'ja', 'ru'],
    description:
      'An AI or assistant "without restrictions / filters / rules", or developer mode, in other languages.',
    pattern: String.raw`\b(?:ia|ai|asistente|assistant|assistente|assistent|modelo|modele|modell)${gap(2)}(?:sin|sans|ohne|senza|sem) (?:ningun[ao]? |aucune? |jegliche |alcuna |nenhuma )?(?:restricciones|restrictions?|einschrankungen|regeln|restrizioni|restricoes|limites|limiti|filtros|filtres|filter|filtri|censura|censure|zensur)|\b(?:modo|mode|modus|modalita) (?:desarrollador|developpeur|entwickler|sviluppatore|desenvolvedor|sin restricciones|sans restriction|jailbreak)|\b(?:rispondi|responde|reponds|antworte|responda) ${gap(1)}(?:sin|sans|ohne|senza|sem) (?:filtros|filtres|filter|filtri|censura|censure|zensur|restricciones|restrictions|einschrankungen|restrizioni|restricoes)|(?:开发者模式|開發者模式|越狱|越獄|没有任何限制|沒有任何限制|不受任何限制|无限制|無限制|開発者モード|制限のない|制限なし|脱獄)|${CYRILLIC_START}(?:без ограничений|без фильтров|без цензуры|режим разработчика)`,
  }),
];

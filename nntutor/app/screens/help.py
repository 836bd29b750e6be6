"""The help screen: every key, by section."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from nntutor.app.keys import localize_bindings

HELP = {
    "en": """\
# Keys

**Everywhere**

| key | does |
|---|---|
| `?` or `F1` | this help |
| `Ctrl+P` | command palette: open any lesson, continue, switch section |
| `1` `2` `3` `4` | Course · Review · Progress · Lab (not while typing in an answer box) |
| `Tab` / `Shift+Tab` | move between controls |
| `Ctrl+Q` | quit (your progress is already saved) |

**Course map**

| key | does |
|---|---|
| `↑` `↓` | choose a lesson |
| `Enter` | open it |
| `n` | open the recommended next lesson |
| `c` | continue where you left off |

**Lesson**

| key | does |
|---|---|
| `t` / `e` | the text / the exercises (when not typing) |
| `↑` `↓` `PgUp` `PgDn` `j` `k` | scroll the text |
| `y` | Try it: the lesson's playground, when it has one |
| `Esc` | back to the course map |

**Lab**

| key | does |
|---|---|
| `Space` | start / pause training |
| `.` / `>` | train one batch / one epoch |
| `v` | next view: loss, decision boundary, gradient norms, network |
| `+` / `-` | raise / lower the learning rate one step |
| `↑` `↓` then `←` `→` | choose a setting, change its value (`Enter` types one) |
| `Tab`, then arrows | in the network view: choose a neuron, page through the layers |
| `r` / `p` | reset the network / presets |
| `s` / `l` | save / load weights |
| `z` | zoom the current view (wide terminals) |
| `b` | backprop replay: the backward pass of one example or batch, step by step; predict a value (`p`) or its sign (`+` `-` `0`) |
| `e` | points by hand on the boundary: arrows, `Enter` adds, `c` class, `x` deletes the nearest, `Esc` done |
| `i` | the hidden space: the plane as a hidden layer sees it (`[` `]` layer, arrows: neurons) |
| `o` / `f` | in the network view: the chosen neuron off / frozen (again: on / free) |
| `m` | train with your own code from the code exercises (your layer, loss, optimizer) |
| `d` | train with your own derivative (σ′, tanh′, softplus′, δ) next to the engine's |

**Exercises**

| key | does |
|---|---|
| `↑` `↓` then `Enter` | answer a single-choice question |
| `Space` then `Enter` | mark answers of a multiple-choice question, then answer |
| type, then `Enter` | answer with a number or a formula |
| `Ctrl+T` | next hint |
| `Ctrl+O` | show the worked solution |
| `Ctrl+R` | new numbers for a question with numbers (they stay until then) |
| `Ctrl+N` / `Ctrl+B` | next / previous exercise |

Formulas may be written as in your notes: `σ'(z)` or `tanh′(z)`, `wx` for w·x, LaTeX such as
`\\frac{1}{1+e^{-z}}` or `\\sigma(z)`, `sech(z)^2`, `[ ]` and `{ }` as brackets (docs/checker.md).

**Review**

| key | does |
|---|---|
| `Enter` | start the review of what is due |
| `m` | practise today's mistakes now (the review schedule stays as it is) |
| `r` | re-read the lesson of an often-forgotten exercise |

Formulas: `x*sigma(w*x+b)*(1-sigma(w*x+b))`, `exp(-z)`, `ln(a)`, `tanh(z)^2`,
`relu(z)`, or pasted Unicode such as `σ(z)·(1−σ(z))`. The checker shows how it read
your formula before grading it; input it cannot read never costs an attempt.

Press `Esc` to close.
""",
    "ru": """\
# Клавиши

**Везде**

| клавиша | действие |
|---|---|
| `?` или `F1` | эта справка |
| `Ctrl+P` | палитра команд: открыть урок, продолжить, перейти в раздел |
| `1` `2` `3` `4` | Курс · Повторение · Прогресс · Лаборатория (кроме поля ответа) |
| `Tab` / `Shift+Tab` | переход между элементами |
| `Ctrl+Q` | выход (прогресс уже сохранён) |

**Карта курса**

| клавиша | действие |
|---|---|
| `↑` `↓` | выбрать урок |
| `Enter` | открыть его |
| `n` | открыть рекомендуемый следующий урок |
| `c` | продолжить с места, где вы остановились |

**Урок**

| клавиша | действие |
|---|---|
| `t` / `e` | текст / упражнения (когда вы не вводите ответ) |
| `↑` `↓` `PgUp` `PgDn` `j` `k` | прокрутка текста |
| `y` | «Попробуйте»: интерактивная модель урока, если она есть |
| `Esc` | назад к карте курса |

**Лаборатория**

| клавиша | действие |
|---|---|
| `Пробел` | запустить / приостановить обучение |
| `.` / `>` | обучить один батч / одну эпоху |
| `v` | следующий вид: потери, граница решений, нормы градиентов, сеть |
| `+` / `-` | поднять / снизить скорость обучения на шаг |
| `↑` `↓`, затем `←` `→` | выбрать настройку, изменить значение (`Enter` — ввести) |
| `Tab`, затем стрелки | в виде «Сеть»: выбрать нейрон, листать слои |
| `r` / `p` | сбросить сеть / наборы настроек |
| `s` / `l` | сохранить / загрузить веса |
| `z` | увеличить текущий вид (в широком терминале) |
| `b` | обратный проход по шагам на одном примере или батче; прогноз значения (`p`) или знака (`+` `-` `0`) |
| `e` | точки вручную на границе решений: стрелки, `Enter` добавляет, `c` класс, `x` удаляет ближайшую, `Esc` готово |
| `i` | скрытое пространство: плоскость глазами скрытого слоя (`[` `]` слой, стрелки: нейроны) |
| `o` / `f` | в виде «Сеть»: выбранный нейрон выключить / заморозить (повторно: включить / разморозить) |
| `m` | обучить на вашем коде из упражнений с кодом (ваш слой, потери, оптимизатор) |
| `d` | обучить с вашей производной (σ′, tanh′, softplus′, δ) рядом с производной движка |

**Упражнения**

| клавиша | действие |
|---|---|
| `↑` `↓`, затем `Enter` | ответить на вопрос с одним ответом |
| `Пробел`, затем `Enter` | отметить ответы в вопросе с несколькими ответами и ответить |
| ввести, затем `Enter` | ответить числом (0,5 или 0.5) или формулой |
| `Ctrl+T` | следующая подсказка |
| `Ctrl+O` | показать разобранное решение |
| `Ctrl+R` | новые числа в вопросе с числами (до этого числа не меняются) |
| `Ctrl+N` / `Ctrl+B` | следующее / предыдущее упражнение |

Формулы можно писать как в конспекте: `σ'(z)` или `tanh′(z)`, `wx` вместо w·x, LaTeX вроде
`\\frac{1}{1+e^{-z}}` или `\\sigma(z)`, `sech(z)^2`, `[ ]` и `{ }` как скобки (docs/checker.md).

**Повторение**

| клавиша | действие |
|---|---|
| `Enter` | начать повторение того, что пора повторить |
| `m` | потренироваться на сегодняшних ошибках (расписание не меняется) |
| `r` | перечитать урок часто забываемого упражнения |

Формулы: `x*sigma(w*x+b)*(1-sigma(w*x+b))`, `exp(-z)`, `ln(a)`, `tanh(z)^2`,
`relu(z)` или вставленный Unicode, например `σ(z)·(1−σ(z))`. Перед проверкой
показывается, как формула была понята; нечитаемый ввод не считается попыткой.

Нажмите `Esc`, чтобы закрыть.
""",
}


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", can_focus=True):
            yield Markdown(HELP.get(self.app.lang, HELP["en"]))

    def on_mount(self) -> None:
        localize_bindings(self, self.app.lang)
        self.query_one("#help-body").focus()

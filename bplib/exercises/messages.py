"""Every sentence the exercises show the learner, in one place, so that a language is one file.

Each message is a whole sentence (or a whole noun phrase, such as "a vector of 3 numbers") with named
placeholders, never glued from fragments; a message that depends on a count is a pair (singular, plural).
``say`` fills a message in; ``say_count`` picks the form for a count first. A reference to the notebooks reads
"See NN, 'Heading'." and names a heading of notebook NN (tests/test_exercise_messages.py checks that it exists).
"""

from __future__ import annotations

from ..i18n import N_, _

Plural = tuple[str, str]


def say(message: str, **params) -> str:
    """``message`` in the current language (``bplib.set_language``), with its placeholders filled in."""
    return _(message).format(**params)


def say_count(message: Plural, count: int, **params) -> str:
    """The singular or plural form of ``message`` for ``count``, filled in (``count`` is a placeholder too)."""
    return say(message[0] if count == 1 else message[1], count=count, **params)


# --- what an answer is made of (noun phrases) ----------------------------------------------------------------

YOUR_ANSWER = N_("your answer")
A_NUMBER = N_("a number")
A_VECTOR: Plural = (N_("a vector of {count} number"), N_("a vector of {count} numbers"))
A_MATRIX = N_("a matrix of shape {shape}")
AN_ARRAY = N_("an array of shape {shape}")
NAMED_PARTS = N_("a pair ({names})")
A_LIST: Plural = (N_("a list of {count} item"), N_("a list of {count} items"))
A_LIST_OF_ARRAYS: Plural = (N_("a list of {count} array"), N_("a list of {count} arrays"))
SOMETHING_ELSE = N_("something else")

# --- answers that are not numbers, or not the structure asked for --------------------------------------------

IS_NONE = N_("{where} is None, not numbers.")
IS_ELLIPSIS = N_("{where} is still ... (the template's placeholder): replace it with your result.")
IS_BOOL = N_("{where} holds True/False values, not numbers.")
IS_TEXT = N_("{where} is text, such as {example}, not numbers: return the numbers themselves, not a string.")
IS_COMPLEX = N_(
    "{where} holds complex numbers, such as {example}: slopes are real numbers. Look for a square root of a "
    "negative number or a stray j."
)
IS_DICT = N_("{where} is a dict: return the numbers (an array or a list), not a dict.")
IS_SET = N_("{where} is a set: a set has no order, so return a list or an array.")
IS_ITERATOR = N_(
    "{where} is an iterator ({type}), which hands out its values only once, when asked: return a list or an "
    "array, for example list(...), or use return instead of yield."
)
TOO_LARGE = N_("{where} holds a number too large for a float, such as {example}: a float stops near 1.8e308.")
TOO_DEEP = N_("{where} is nested deeper than any answer here (a list inside itself?).")
UNREADABLE = N_("{where} could not be read as numbers: reading it raised {error}.")
NOT_NUMBERS = N_("{where} is an object of type {type}, not numbers: return an array, a list or a number.")
NOT_NUMBERS_ARRAY = N_("{where} is an array of {dtype} values, not numbers: return an array of floats.")
WRONG_KIND = N_("{where} is {got}; expected {expected}.")
ONE_NUMBER_IN_AN_ARRAY = N_(
    "{where} is an array holding one number ({value}): return the number itself, for example with float(...)."
)
EXTRA_AXIS = N_(
    "{where} has shape {got}; expected shape {expected}: it has an extra axis of length 1. Leave that axis out "
    "(for example with .reshape{expected})."
)
RAGGED = N_("{where} is a list of rows of different lengths ({lengths}): a matrix needs rows of equal length.")

# --- verdicts ------------------------------------------------------------------------------------------------

CORRECT: Plural = (N_("correct on {count} fresh random case."), N_("correct on {count} fresh random cases."))
NOT_DONE = N_("not done yet: replace the ... with your code and run the cell again.")
RETURNS_NOTHING = N_("not done yet: your function returns nothing (None) so far. End it with return and the result.")
IN_PLACE = N_("you changed {names} in place but returned nothing (None): return the result as well.")
NO_RETURN = N_("on case {case} your function returned nothing (None): does every path through it end in return?")
TIMEOUT = N_(
    "your function was still running after {seconds} seconds on case {case}, so the check stopped it. Look for "
    "a loop that never ends."
)
PROCESS_ENDED = N_(
    "your function ended the process it ran in on case {case} (as os._exit, a crash in C code or running out of "
    "memory do), so there is no answer to check."
)
RAISED = N_("on case {case} your function raised {error}")
RAISED_AT = N_("  raised at {line}")
PARAMETER_NAMES = N_(
    "your function's parameters are ({got}), but the checker passes ({expected}) by name. Keep the parameter "
    "names of the exercise's template."
)
BAD_SEED = N_("seed must be a whole number, 0 or more; got {got}.")
BAD_TIME_LIMIT = N_("time_limit must be a positive number of seconds, or None for no limit; got {got}.")
NOT_CALLABLE = N_(
    "pass your function itself, without brackets after its name ({name}, not {name}(...)); got an object of "
    "type {type}."
)
FLOAT32 = N_(
    "your numbers are float32 (or float16), which keep only about 7 digits, so they miss the reference by "
    "{error:.0e}. Compute in float64, numpy's default: leave out dtype=np.float32 and .astype(np.float32)."
)
NOT_FINITE_NAN = N_(
    "{where} holds NaN (not a number) on case {case}. Look for 0 / 0, the log of 0 or of a negative number, or "
    "an exp that overflowed."
)
NOT_FINITE_INF = N_(
    "{where} holds an infinite value on case {case}. Look for a division by zero or an exp that overflowed."
)
VALUES_DIFFER = N_("not right yet, and not a mistake this checker knows. On case {case}:")
ARRAYS_DIFFER: Plural = (
    N_(
        "not right yet, and not a mistake this checker knows: on case {case}, {count} of {total} arrays differs "
        "from the reference ({labels})."
    ),
    N_(
        "not right yet, and not a mistake this checker knows: on case {case}, {count} of {total} arrays differ "
        "from the reference ({labels})."
    ),
)
ARRAY_OK = N_("  {where}: ok")
ARRAY_DIFFERS = N_("  {where}: differs, relative error {error:.1e}")
ARRAY_SHOWN = N_("  {where}, the first array that differs:")
EXPECTED_GOT = N_("  expected {expected}\n  got      {got}")
WHOLE_BATCH = N_(
    "on case {case} you passed sample_gradients all {samples} samples at once, as one batch: it is there for one "
    "sample at a time, x[i] and y[i]. Call it once per sample and combine the slopes yourself."
)
NUDGED = N_(
    "this looks like a nudged slope, not backprop: your numbers agree with centred nudges, {error:.0e} away from the "
    "exact slopes, where backprop's formulas agree to rounding (below {tolerance:.0e}). Compute the slopes with the "
    "chain rule, as the notebook does. If you did not nudge, numbers rounded on the way miss by as much: an input "
    "made float32 (.astype(np.float32)), or a constant such as e written with too few digits (use np.exp). "
    "See 01, 'How small should h be?'."
)
NEARLY = N_(
    "close, but not backprop's slopes: your numbers are {error:.0e} away from them, as nudged slopes are (a "
    "forward difference lands near 1e-6, a centred one near 1e-10), where backprop's formulas agree to rounding "
    "(below {tolerance:.0e}). If you nudged, compute the slopes with the chain rule; if not, look for a constant "
    "written with too few digits. See 01, 'How small should h be?'."
)
CALLS_CHECKER = N_(
    "your function calls a checker (exercises.check_...) itself: the checker calls your function, so that never "
    "ends. Call the checker after the function, in the cell, not inside it."
)
WATCH_TURNED_OFF = N_(
    "your function turns off the checker's watch on what it calls ({name}): the checker needs it to see that "
    "the answer computes the slopes itself. Leave the profiler alone and compute them with numpy."
)
BACKPROP_CALLS_FORBIDDEN = N_(
    "your function calls {name}, which computes slopes: this exercise is to write backprop yourself. Use numpy "
    "(and bplib.forward for the forward pass, where it knows the activation); the checker watches what your "
    "function calls. See 05, 'Backprop for any depth'."
)

# --- how a case is described ---------------------------------------------------------------------------------

CASE = N_("  case {number} of {total}: {arguments}")
ARGUMENT_FUNCTION = N_("{name}: a function")
ARGUMENT_ARRAYS: Plural = (
    N_("{name}: a list of {count} array of shape {shapes}"),
    N_("{name}: a list of {count} arrays of shapes {shapes}"),
)
ARGUMENT_VECTOR: Plural = (N_("{name}: a vector of {count} number"), N_("{name}: a vector of {count} numbers"))
ARGUMENT_MATRIX = N_("{name}: a matrix of shape {shape}")

# --- 01: nudging --------------------------------------------------------------------------------------------

FORWARD_SLOPE_TITLE = N_("01 · forward slope")
CENTRED_SLOPE_TITLE = N_("01 · centred slope")
SLOPE_IS_A_NUMBER = N_("The slope of one parameter is one number: (change in loss) / (change in the parameter).")
FORWARD_GAVE_CENTRED = N_(
    "you computed the centred difference; this exercise asks for the article's one-sided nudge "
    "(C(p + h) - C(p)) / h. See 01, 'How small should h be?'."
)
FORWARD_SIGN = N_(
    "your slope has the wrong sign: it is (C(p) - C(p + h)) / h. The slope is the loss after the nudge minus "
    "the loss before, over h. See 01, 'Nudge one bias'."
)
FORWARD_BACKWARD = N_(
    "you nudged backwards, (C(p) - C(p - h)) / h: the article's nudge goes forwards, (C(p + h) - C(p)) / h. "
    "See 01, 'Nudge one bias'."
)
FORWARD_NO_DIVISION = N_("you return the change in loss but did not divide it by h. See 01, 'Nudge one bias'.")
FORWARD_2H = N_(
    "you divided by 2h: the one-sided nudge moves the parameter by h only (2h is for the centred nudge). "
    "See 01, 'How small should h be?'."
)
FIXED_STEP = N_(
    "you used a fixed step instead of the h passed to your function: nudge by h, and divide by it. "
    "See 01, 'How small should h be?'."
)
FORWARD_CONFIRM = N_(
    "With the cases' steps h ({steps}) it is up to {error:.0e} away from the true slope (a centred nudge with "
    "h = 1e-5): the error of a one-sided nudge shrinks only like h."
)
CENTRED_GAVE_FORWARD = N_(
    "this is the one-sided (forward) difference, but the centred one is asked for: (C(p + h) - C(p - h)) / 2h. "
    "See 01, 'How small should h be?'."
)
CENTRED_H_NOT_2H = N_(
    "you divided by h, but the two nudged points are 2h apart: divide by 2h. See 01, 'How small should h be?'."
)
CENTRED_SIGN = N_(
    "your slope has the wrong sign: take C(p + h) - C(p - h), not the other way round. "
    "See 01, 'How small should h be?'."
)
CENTRED_CONFIRM = N_(
    "With the cases' steps h ({steps}) it is within {error:.0e} of the true slope (a centred nudge with h = 1e-5), "
    "far closer than a one-sided nudge: its error shrinks like h²."
)
CENTRED_TIMES_H = N_(
    "you wrote / 2 * h, which Python reads as (... / 2) * h: it multiplies by h. Put the brackets in, / (2 * h). "
    "See 01, 'How small should h be?'."
)

# --- 02: the output layer -----------------------------------------------------------------------------------

OUTPUT_DELTA_TITLE = N_("02 · output delta")
CROSS_ENTROPY_DELTA_TITLE = N_("02 · cross-entropy delta")
DELTA_SHAPE = N_("A layer's delta has one entry per unit of the layer, so it has the shape of z.")
OUTPUT_FLIPPED_SIGN = N_(
    "your slopes have the wrong sign: you used desired - a, but cost_derivative(desired, a) = a - desired. "
    "See 02, 'The sign of cost_derivative'."
)
OUTPUT_NO_DERIVATIVE = N_(
    "you left out activate_derivative(z): a - desired is the slope with respect to a, not to the bias. "
    "See 02, 'The formula: delta'."
)
OUTPUT_SIGMA_NOT_SLOPE = N_(
    "you multiplied by sigma(z), where its slope sigma'(z) = sigma(z) (1 - sigma(z)) belongs. "
    "See 02, 'The formula: delta'."
)
OUTPUT_Z_FOR_A_IN_SLOPE = N_(
    "you used z (1 - z) as the sigmoid's slope: it is a (1 - a), with a = sigma(z), the activated output. "
    "See 02, 'The formula: delta'."
)
OUTPUT_SLOPE_AT_A = N_(
    "you took the sigmoid's slope at a instead of at z: activate_derivative takes the weighted input z "
    "(for the sigmoid, sigma'(z) = a (1 - a)). See 02, 'The formula: delta'."
)
OUTPUT_FACTOR_2 = N_(
    "your slopes are twice the right ones: the cost is 1/2 sum (desired - a)², and the 1/2 cancels the 2 that "
    "the derivative brings down, so cost_derivative = a - desired. See 02, 'The formula: delta'."
)
OUTPUT_DIVIDED_BY_N = N_(
    "you divided by the number of outputs: the cost adds up (desired - a)² over the outputs, it does not average "
    "them, so each output's delta is activate_derivative(z) x (a - desired), divided by nothing. See 02, 'The "
    "formula: delta'."
)
OUTPUT_INDEX_0 = N_(
    "every entry equals the slope of bias 0: an index [0] where [i] belongs, the article's loop bug. "
    "See 02, 'The article's loop, as printed'."
)
OUTPUT_Z_FOR_A = N_(
    "you used z where the activated output a belongs in cost_derivative: the cost compares a with desired. "
    "See 02, 'The formula: delta'."
)
OUTPUT_COST_NOT_SLOPE = N_(
    "you returned each output's cost, not its slope: the bias slope is how fast the cost changes as the bias "
    "moves. See 02, 'The formula: delta'."
)
CROSS_ENTROPY_KEPT_SLOPE = N_(
    "you multiplied by activate_derivative(z): with cross-entropy it cancels, leaving a - desired. "
    "See 02, 'A different cost: cross-entropy'."
)
CROSS_ENTROPY_FLIPPED_SIGN = N_("the sign is flipped: the slope is a - desired. See 02, 'The sign of cost_derivative'.")
OUTPUT_NO_COST_SLOPE = N_(
    "you returned activate_derivative(z) alone: the cost's slope cost_derivative(desired, a) = a - desired is the "
    "other factor. See 02, 'The formula: delta'."
)
CROSS_ENTROPY_MINUS_DC_DA = N_(
    "you returned desired / a - (1 - desired) / (1 - a), which is minus dC/da: the cost's slope with respect to a "
    "is (a - desired) / (a (1 - a)), and times sigma'(z) = a (1 - a) it leaves a - desired. "
    "See 02, 'A different cost: cross-entropy'."
)
CROSS_ENTROPY_DC_DA = N_(
    "you returned (a - desired) / (a (1 - a)), which is dC/da, the slope with respect to a: multiply it by "
    "sigma'(z) = a (1 - a) to get the slope with respect to the bias. See 02, 'A different cost: cross-entropy'."
)
OUTPUT_CONFIRM = N_("Largest relative error against centred nudges of the biases: {error:.0e}.")
CROSS_ENTROPY_Z_FOR_A = N_(
    "you used z where the activated output a belongs: the slope is a - desired, with a = sigma(z). "
    "See 02, 'A different cost: cross-entropy'."
)

# --- 03: weight gradients -----------------------------------------------------------------------------------

WEIGHTS_FLAT_TITLE = N_("03 · weight slopes, flat column-major")
WEIGHTS_MATRIX_TITLE = N_("03 · weight slopes as a matrix")
WEIGHTS_FLAT_SHAPE = N_(
    "The article keeps the weight slopes in one flat list, column by column: entry bias_index + input_index * "
    "len(bias_grads). See 03, 'The article's loop over a flat, column-major list'."
)
WEIGHTS_MATRIX_SHAPE = N_(
    "The weight slopes have the shape of the weights, (number of outputs, number of inputs): row i belongs to "
    "output i, column k to input k. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_ROW_MAJOR = N_(
    "the right numbers in row-major order (or the transposed matrix, column by column): the article stores "
    "column by column, index = bias_index + input_index * len(bias_grads). "
    "See 03, 'The article's loop over a flat, column-major list'."
)
WEIGHTS_INDEX_0 = N_(
    "every row uses bias_grads[0]: an index [0] where the loop's bias_index belongs. "
    "See 02, 'The article's loop, as printed'."
)
WEIGHTS_TRANSPOSED = N_(
    "your matrix is transposed, (inputs, outputs): the weights have shape (outputs, inputs), so the slopes are "
    "outer(bias_grads, inputs), a column times a row. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_1D_TRANSPOSE = N_(
    "bias_grads @ inputs.T is a dot product, one number (and an error when the lengths differ): .T does nothing "
    "to a 1-D array. Use np.outer(bias_grads, inputs), or make a column and a row: bias_grads[:, None] * "
    "inputs[None, :]. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_SUMMED = N_(
    "you summed the products into one number: each weight has its own slope, so keep the whole outer product. "
    "See 03, 'The same thing as one matrix product'."
)
WEIGHTS_FLAT_LIST = N_(
    "you returned the slopes as one flat list: this exercise asks for the matrix, shaped like the weights "
    "(outputs, inputs). See 03, 'The same thing as one matrix product'."
)
WEIGHTS_CONFIRM = N_(
    "Largest relative error against centred nudges of the weights (of a layer whose bias slopes are bias_grads): "
    "{error:.0e}."
)

# --- 04: hidden layers --------------------------------------------------------------------------------------

HIDDEN_DELTA_TITLE = N_("04 · hidden delta")
TANH_DELTA_TITLE = N_("04 · hidden delta for tanh units")
TWO_LAYERS_TITLE = N_("05 · backprop through two layers")
HIDDEN_MISSING_FACTOR = N_(
    "your hidden deltas equal W^T delta without the activate_derivative(z) factor: that is the slope with "
    "respect to the hidden activations, the article's slip. See 04, 'The missing factor'."
)
HIDDEN_TRANSPOSED = N_(
    "you multiplied by W_next instead of its transpose: hidden unit j collects column j of W_next "
    "(W_next.T @ delta_next). See 04, 'The article's hidden formula'."
)
HIDDEN_TRANSPOSED_MISSING_FACTOR = N_(
    "you multiplied by W_next instead of its transpose, and left out the activate_derivative(z) factor: hidden "
    "unit j collects column j of W_next (W_next.T @ delta_next), and that sum is then multiplied by "
    "activate_derivative(z). See 04, 'The article's hidden formula'."
)
HIDDEN_FACTOR_BEFORE_TRANSPOSE = N_(
    "you multiplied delta_next by the slope factor before W^T: the factor belongs to the hidden layer, so apply "
    "it after, (W_next.T @ delta_next) * activate_derivative(z). (On a non-square W it cannot even be "
    "computed.) See 04, 'The missing factor'."
)
HIDDEN_SIGMA_NOT_SLOPE = N_(
    "you multiplied by sigma(z) instead of its slope sigma'(z) = sigma(z) (1 - sigma(z)). See 04, 'The missing factor'."
)
HIDDEN_TANH_SLOPE = N_(
    "you used tanh's slope 1 - tanh(z)²: these units are sigmoid, whose slope is sigma'(z) = sigma(z) (1 - sigma(z)). "
    "See 04, 'The missing factor'."
)
HIDDEN_Z_FOR_A = N_(
    "you used z (1 - z) as the sigmoid's slope: it is a (1 - a), with a = sigma(z). See 04, 'The missing factor'."
)
HIDDEN_SLOPE_AT_A = N_(
    "you took the sigmoid's slope at a = sigma(z) instead of at z: sigma'(z) = a (1 - a). See 04, 'The missing factor'."
)
HIDDEN_CONFIRM = N_("Largest relative error against centred nudges of the hidden biases: {error:.0e}.")
TANH_TWICE = N_(
    "you took tanh twice, 1 - tanh(tanh(z))²: the slope of tanh at z is 1 - tanh(z)², with tanh taken once. "
    "(If a = tanh(z) is at hand, it is 1 - a².)"
)
TWO_LAYERS_OUTPUT_MISSING_FACTOR = N_(
    "your output layer's delta lacks the sigma'(z) factor: a - y is the slope with respect to its activations; "
    "multiply by activate_derivative(z) (the quadratic cost does not cancel it). See 02, 'The formula: delta'."
)
TANH_SIGMOID_SLOPE = N_(
    "you used the sigmoid's slope a (1 - a): these units are tanh, whose slope is 1 - tanh(z)². Only the "
    "activate_derivative factor changes from exercise 1."
)
TANH_NOT_SLOPE = N_("you multiplied by tanh(z) itself, where its slope 1 - tanh(z)² belongs.")
TANH_SQUARE_OUTSIDE = N_(
    "you squared 1 - tanh(z) as a whole, (1 - tanh(z))²: the slope of tanh is 1 - tanh(z)², with the square on "
    "tanh(z) alone. Mind the brackets: 1 - np.tanh(z)**2."
)
TANH_NOT_SQUARED = N_("you multiplied by 1 - tanh(z): the slope of tanh is 1 - tanh(z)², with the square.")
TANH_Z_FOR_A = N_(
    "you used 1 - z², with z where tanh(z) belongs: the slope of tanh is 1 - tanh(z)², the activation squared."
)
TWO_LAYERS_NO_FACTORS = N_(
    "neither of your deltas has the sigma'(z) factor: the output delta needs activate_derivative(z) times "
    "a - y, and each hidden delta W^T delta times activate_derivative(z). See 04, 'The missing factor'."
)
TWO_LAYERS_MISSING_FACTOR = N_(
    "your hidden-layer slopes lack the sigma'(z) factor (the article's hidden formula). See 04, 'The missing factor'."
)
TWO_LAYERS_REVERSED = N_(
    "your lists run from the last layer to the first, the order backprop finds them in: return them in the "
    "order of the layers, bias_grads[0] for layer 0 (reverse the lists at the end). "
    "See 05, 'Backprop for any depth'."
)
GRADIENTS_SWAPPED = N_(
    "you returned (weight_grads, bias_grads): the order is (bias_grads, weight_grads), biases first, as "
    "bplib.backprop returns them."
)
TWO_LAYERS_TRANSPOSED = N_(
    "your weight slopes are transposed, (inputs, outputs): each has the shape of its weights, (outputs, "
    "inputs), so it is np.outer(delta, a_previous). See 03, 'The same thing as one matrix product'."
)
TWO_LAYERS_Z_FOR_A = N_(
    "your last layer's weight slopes use the hidden layer's z where its activation a = sigma(z) belongs: a "
    "weight multiplies the activation coming in. See 04, 'Hidden weight slopes, and a check of everything'."
)
TWO_LAYERS_Z_SLOPE = N_(
    "you used z (1 - z) as the sigmoid's slope: it is a (1 - a), with a = sigma(z). See 04, 'The missing factor'."
)
TWO_LAYERS_FLIPPED_SIGN = N_(
    "your slopes have the wrong sign: cost_derivative(desired, a) = a - y, not y - a. "
    "See 02, 'The sign of cost_derivative'."
)
GRADIENT_SHAPES = N_(
    "Each slope has the shape of its parameter: bias_grads[l] like biases[l], and weight_grads[l] like "
    "weights[l], (outputs, inputs). See 03, 'The same thing as one matrix product'."
)
BACKPROP_CONFIRM = N_("Largest relative error against centred nudges of every parameter: {error:.0e}.")

# --- 05: training -------------------------------------------------------------------------------------------

SGD_STEP_TITLE = N_("06 · one SGD step")
BATCH_TITLE = N_("06 · gradients of a batch")
STEP_SHAPES = N_("Return the new parameters shaped like the old ones: (weights, biases), two lists of arrays.")
STEP_ASCENT = N_(
    "you added the slopes: that climbs the loss (gradient ascent). Step against them, p - learning_rate * "
    "slope. See 06, 'SGD in the open'."
)
STEP_FIXED_RATE = N_(
    "you used a fixed learning rate instead of the learning_rate passed to your function: step by "
    "learning_rate * slope. See 06, 'SGD in the open'."
)
STEP_ONLY = N_(
    "you returned the step, learning_rate * slope, not the new parameters: subtract it from each weight and bias, "
    "p - learning_rate * slope. See 06, 'SGD in the open'."
)
STEP_NO_RATE = N_("you left out the learning rate: multiply each slope by learning_rate. See 06, 'SGD in the open'.")
STEP_BIASES_FROZEN = N_("your step leaves the biases unchanged: they learn too. See 06, 'SGD in the open'.")
STEP_WEIGHTS_FROZEN = N_("your step leaves the weights unchanged: they learn too. See 06, 'SGD in the open'.")
STEP_RATE_OVER_M = N_(
    "you divided the learning rate by the batch size, as Nielsen's update_mini_batch does with summed slopes: "
    "bplib.backprop already returns the mean over the batch, so the step is p - learning_rate * slope. "
    "See 06, 'SGD in the open'."
)
STEP_SUMMED = N_(
    "your step is as large as the sum of the samples' slopes: bplib.backprop already returns the mean over "
    "the batch, so the step is p - learning_rate * slope. See 06, 'SGD in the open'."
)
STEP_PER_SAMPLE = N_(
    "you took one step per sample, one after the other: this exercise asks for one step for the whole batch, "
    "with the batch's slopes from one call of bplib.backprop on x and y. See 06, 'SGD in the open'."
)
STEP_FIRST_SAMPLE = N_(
    "you moved by the first sample's slopes only (x[0], y[0]): one step moves by the slopes of the whole batch, "
    "the mean of its samples' slopes, which bplib.backprop(weights, biases, x, y) gives at once. See 06, 'SGD in "
    "the open'."
)
STEP_LAST_SAMPLE = N_(
    "you moved by the last sample's slopes only (x[-1], y[-1]): a loop that overwrites the slopes instead of "
    "adding them up. One step moves by the slopes of the whole batch, the mean of its samples' slopes, which "
    "bplib.backprop(weights, biases, x, y) gives at once. See 06, 'SGD in the open'."
)
STEP_LAYER_BY_LAYER = N_(
    "you computed the slopes again after moving each layer, so the later layers moved by the slopes of a network "
    "that had already changed: one step takes every slope at the same point. Call bplib.backprop once, then move "
    "every layer. See 06, 'SGD in the open'."
)
STEP_SWAPPED = N_("you returned (biases, weights): the order is (weights, biases), as the function receives them.")
LOSS_CHANGE = N_("{before:.4f} → {after:.4f}")
STEP_CONFIRM = N_("The loss fell on every case: {changes}.")
BATCH_SUMMED = N_(
    "you summed the samples' slopes but did not average them: divide by the batch size (the loss of a batch is "
    "the mean over its samples). See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_FIRST_SAMPLE = N_(
    "your result is the first sample's slopes only: an index [0] where the loop over the samples belongs. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_LAST_SAMPLE = N_(
    "your result is the last sample's slopes only: a loop that overwrites its result instead of adding to it. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_BIASES_SUMMED = N_(
    "you averaged the weight slopes but only summed the bias slopes: divide both by the batch size. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_WEIGHTS_SUMMED = N_(
    "you averaged the bias slopes but only summed the weight slopes: divide both by the batch size. "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_M_MINUS_1 = N_(
    "you divided by m - 1: the batch's loss is the plain mean of its m samples' costs, so divide by m "
    "(m - 1 belongs to a sample variance, not here). See 06, 'Batches: the loss of a batch is a mean'."
)
BATCH_CONFIRM = N_("Largest relative error against centred nudges of the batch's loss: {error:.0e}.")

# --- solutions -----------------------------------------------------------------------------------------------

SOLUTION_HEADING = N_("One solution of {title} (others are right too):")

# --- 07: handwritten digits ----------------------------------------------------------------------------------

INPUT_SLOPES_TITLE = N_("08 · slope with respect to the inputs")
INPUT_SLOPES_SHAPE = N_(
    "The slopes with respect to the inputs have a row per sample and an entry per input: the shape of x, (m, n_in)."
)
INPUT_DIVIDED_BY_M = N_(
    "you divided each sample's slopes by the batch size: each row is the slope of that sample's own cost, not of "
    "the batch's mean, so nothing is divided. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_DELTA_ITSELF = N_(
    "you returned delta_0, the first layer's bias slopes: one more step back is needed, through the first "
    "layer's weights, W_0^T delta_0. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_NOT_TRANSPOSED = N_(
    "you multiplied by W_0 instead of its transpose: input k collects column k of W_0 (weights[0].T @ delta_0). "
    "See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_EXTRA_FACTOR = N_(
    "you multiplied by sigma'(x): the inputs pass through no activation, so the step back to them has no "
    "activate_derivative factor. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_ONE_LAYER_SHORT = N_(
    "you stopped at the hidden layer: W_1^T delta_1 is the slope with respect to the hidden activations; go on "
    "through sigma'(z_0) and W_0. See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_SIGN = N_(
    "your slopes have the wrong sign: delta_0 = dC/dz_0 as backprop gives it, not minus it. "
    "See 08, 'Backprop one layer further: which pixels matter'."
)
INPUT_CONFIRM = N_("Largest relative error against centred nudges of the inputs: {error:.0e}.")
ACCURACY_PER_DIGIT_TITLE = N_("08 · accuracy per digit")
ACCURACY_PER_DIGIT_SHAPE = N_(
    "One accuracy per digit: an array of 10, entry d for the digit d (nan for a digit with no samples)."
)
ACCURACY_BY_TOTAL = N_(
    "you divided by the number of all the images, confusion.sum(): a digit's accuracy divides by the images of "
    "that digit alone, its row sum confusion[d].sum()."
)
ACCURACY_ROW_MAXIMUM = N_(
    "you took each row's largest entry, the answer given most often for that digit: that is the right one only "
    "when the network reads the digit right more often than as any other. Take the diagonal entry confusion[d, d]."
)
ACCURACY_BY_ANSWER = N_(
    "you divided by the column sums: of the digits the network answered d, how many were d. Asked is, of the "
    "digits that were d (row d), how many it read right: divide by the row sums, confusion.sum(axis=1)."
)
ACCURACY_COUNTS = N_(
    "you returned how many of each digit were read right (the diagonal): divide each by how many of that digit "
    "there were, its row's sum."
)
ACCURACY_PERCENT = N_("you returned percentages: fractions (between 0 and 1) are asked for.")
ACCURACY_ERROR_RATE = N_("you returned the fractions that are wrong: the fractions that are right are asked for.")
ACCURACY_EMPTY_AS_ZERO = N_(
    "a digit with no samples got accuracy 0: its row is empty, and 0 / 0 is not a number. Leave it nan (do not "
    "divide by max(row sum, 1) or replace nan), so that an empty row is not read as a digit always misread."
)
ACCURACY_WHOLE_NUMBER_DIVISION = N_(
    "you divided with //, which rounds down to a whole number, so every accuracy below 1 becomes 0: divide with /."
)
ACCURACY_OVERALL = N_(
    "you returned the overall accuracy for every digit: each digit's own is asked for, the diagonal entry of its "
    "row over the row's sum."
)

# --- 05: find the slip, and backprop for any depth -----------------------------------------------------------

SLIP_TITLE = N_("05 · find the slip")
SLIP_NOT_DONE = N_("not done yet: replace each ... with your answer and run the cell again.")
SLIP_BAD_LAYER = N_(
    "slip_layer must be the number of a layer of the suspect's network, 0 to {last} (layers are counted from 0, "
    "as in the table's rows biases[0], weights[0]); got {got}."
)
SLIP_BAD_EQUATION = N_('slip_equation must be one of "BP1", "BP2", "BP3" or "BP4"; got {got}.')
SLIP_FOUND = N_(
    "right: the slip is in {equation} at layer {layer}. A wrong delta fails its own rows and every row below "
    "(each layer below reuses it); a wrong weight slope fails alone. Now write the function without it."
)
SLIP_BELOW = N_(
    "that layer fails, but the slip is not there: a wrong delta is passed down and reused by every layer below "
    "it, so its error spreads to all of them. Walk the table backwards from the output: the slip is in the first "
    "layer that fails. See 05, 'Why backwards is the trick'."
)
SLIP_BP3 = N_(
    "right layer, not BP3: BP3 only copies the delta into the bias slopes, so a wrong bias slope means a wrong "
    "delta. Which equation computes this layer's delta? See 05, 'What 04 left us: BP1 to BP4'."
)
SLIP_DELTA_AS_WEIGHTS = N_(
    "right layer, not BP4: this layer's bias slopes fail too, and a bias slope is the delta itself (BP3), so the "
    "delta is wrong, not only the step from it to the weight slopes. See 05, 'What 04 left us: BP1 to BP4'."
)
SLIP_WEIGHTS_AS_DELTA = N_(
    "right layer, not that equation: this layer's bias slopes pass, so its delta is right (BP3 copies it into "
    "them) and so is every layer below. Only the weight slopes fail: the step from the delta to them. "
    "See 05, 'What 04 left us: BP1 to BP4'."
)
SLIP_OUTPUT_OR_HIDDEN = N_(
    "right layer, and the delta is what is wrong, but look at which equation computes it there: BP1 gives the "
    "output layer's delta (layer {last}), BP2 every delta below it. See 05, 'What 04 left us: BP1 to BP4'."
)
SLIP_NOT_THERE = N_(
    "not there: that layer's rows pass the check, or the failures start elsewhere. Read the table again: which "
    "rows say FAIL, and which of them is nearest the output?"
)
ANY_DEPTH_TITLE = N_("05 · backprop for any depth")
ANY_DEPTH_OUTPUT_NO_FACTOR = N_(
    "your output layer's delta lacks the activate_derivative(z) factor: a - y is the slope with respect to its "
    "activations. See 02, 'The formula: delta'."
)
ANY_DEPTH_FLIPPED_SIGN = N_(
    "your slopes have the wrong sign: the quadratic cost's slope is a - y, not y - a. "
    "See 02, 'The sign of cost_derivative'."
)
ANY_DEPTH_HIDDEN_NO_FACTOR = N_(
    "your hidden deltas lack the activate_derivative(z) factor, the article's slip: W^T delta is the slope with "
    "respect to the layer's activations. See 04, 'The missing factor'."
)
ANY_DEPTH_ACTIVATE_FOR_SLOPE = N_(
    "you multiplied the hidden deltas by activate(z), the activation itself, where its slope "
    "activate_derivative(z) belongs. See 04, 'The missing factor'."
)
ANY_DEPTH_SLOPE_AT_A = N_(
    "you took the slope at the layer's activation a where its weighted input z belongs: activate_derivative "
    "takes z, activate_derivative(zs[l - 1]). See 04, 'The missing factor'."
)
ANY_DEPTH_NEXT_LAYER_SLOPE = N_(
    "you multiplied the delta passed back to layer l - 1 by the slope of layer l: the factor belongs to the layer "
    "receiving it, activate_derivative(zs[l - 1]). (Where the widths differ it cannot even be computed.) "
    "See 05, 'Backprop for any depth'."
)
ANY_DEPTH_Z_FOR_A = N_(
    "your weight slopes use the weighted input z of the layer below where its activation a belongs: layer l's "
    "input is activations[l] (x for layer 0). See 05, 'Backprop for any depth'."
)
ANY_DEPTH_SIGMOID_SLOPE = N_(
    "you used the sigmoid's slope whatever the activation: the cases also use tanh and the arctangent, so call "
    "activate_derivative(z), the slope you are given."
)
ANY_DEPTH_A_ONE_MINUS_A = N_(
    "you wrote the slope as a * (1 - a): that is the sigmoid's slope, right only when activate is the sigmoid. The "
    "cases also use tanh and the arctangent, so call activate_derivative(z), the slope you are given."
)
ANY_DEPTH_SIGMOID_NETWORK = N_(
    "your slopes are those of a sigmoid network, whatever activate is: the sigmoid is written in. Write the "
    "forward pass with activate, and step back with activate_derivative."
)
ANY_DEPTH_REVERSED = N_(
    "your lists run from the last layer to the first, the order backprop finds them in: return them in the "
    "order of the layers, bias_grads[0] for layer 0. See 05, 'Backprop for any depth'."
)


# --- 08: the capstone, backprop on a mini-batch -------------------------------------------------------------

MINI_BATCH_TITLE = N_("08 · your backprop on a mini-batch (the capstone)")
MINI_BATCH_SHAPES = N_(
    "Each slope has the shape of its parameter, whatever the batch size: bias_grads[l] like biases[l] and "
    "weight_grads[l] like weights[l], each the mean over the batch's samples (the rows of x). "
    "See 06, 'Batches: the loss of a batch is a mean'."
)
MINI_BATCH_OUTER_OF_MEANS = N_(
    "your weight slopes are the outer product of the mean delta and the mean activation: the mean of the samples' "
    "outer products is not the outer product of their means. Take delta.T @ a over the batch (a row per sample), "
    "then divide by m. See 06, 'Batches: the loss of a batch is a mean'."
)
MINI_BATCH_DIVIDED_BY_N_IN = N_(
    "you divided by x.shape[1], the number of inputs: the mean is over the samples, the rows of x, so divide the "
    "sums by the batch size m = x.shape[0]. See 06, 'Batches: the loss of a batch is a mean'."
)
MINI_BATCH_MEAN_SAMPLE = N_(
    "you ran backprop once, on the batch's mean sample (the mean of x and of y): the slopes of an average sample "
    "are not the average of the samples' slopes, since sigma is not a straight line. Take each sample's slopes, "
    "then their mean. See 06, 'Batches: the loss of a batch is a mean'."
)
MINI_BATCH_CALLS_BACKPROP = N_(
    "your function calls bplib's own backprop (bplib.backprop, or a function built on it): the capstone trains "
    "with your backward pass, so write it with numpy (bplib.forward for the forward pass is allowed, and so is "
    "your backprop_two_layers of notebook 05). See 05, 'Backprop for any depth'."
)


# --- 07: batched backprop for any depth ---

BATCHED_TITLE = N_("07 · batched backprop for any depth")
BATCHED_SUMMED = N_(
    "you summed the slopes over the batch: bplib.backprop, like the loss, takes the mean over the samples, so "
    "divide the sums down the batch (Delta summed, Delta^T A) by m. See 07, 'What the batch dimension does to "
    "each formula'."
)
BATCHED_DIVIDED_BY_N_IN = N_(
    "you divided by X.shape[1], the number of inputs: the mean is over the samples, the rows of X, so divide the "
    "sums down the batch by m = X.shape[0]. See 07, 'What the batch dimension does to each formula'."
)
BATCHED_BIASES_SUMMED = N_(
    "your weight slopes are means over the batch, but your bias slopes are sums: divide Delta summed down the "
    "batch by m too. See 07, 'What the batch dimension does to each formula'."
)
BATCHED_WEIGHTS_SUMMED = N_(
    "your bias slopes are means over the batch, but your weight slopes are sums: Delta^T A adds up the samples' "
    "outer products, so divide it by m too. See 07, 'What the batch dimension does to each formula'."
)
BATCHED_TWICE = N_(
    "you divided by m twice (a Delta already divided by m, then the sum divided again): each slope is the sum "
    "over the samples divided once by m. See 07, 'What the batch dimension does to each formula'."
)
BATCHED_MISSING_FACTOR = N_(
    "your hidden deltas lack the sigma'(Z) factor (the article's hidden formula): BP2 is (Delta_next W_next) * "
    "sigma'(Z) for every hidden layer. See 04, 'The missing factor'."
)
BATCHED_OUTPUT_MISSING_FACTOR = N_(
    "your output delta lacks the sigma'(Z) factor: with the quadratic cost, BP1 is sigma'(Z_L) * (A - Y). "
    "See 07, 'What the batch dimension does to each formula'."
)
BATCHED_FACTOR_LAYER_ABOVE = N_(
    "in BP2 you took sigma' of the layer above, Z of layer l + 1, where the layer's own Z_l belongs: the delta "
    "of layer l is (Delta_next W_next) * sigma'(Z_l). See 07, 'What the batch dimension does to each formula'."
)
BATCHED_W_TRANSPOSED = N_(
    "you passed the deltas back through W^T, as for one sample in a column: with one row per sample it is "
    "Delta_next @ W_next, with no transpose (the shapes decide). See 07, 'What the batch dimension does to each "
    "formula'."
)
BATCHED_TRANSPOSED_SLOPES = N_(
    "your weight slopes are transposed, (inputs, outputs): each has the shape of its weights, (outputs, inputs), "
    "so it is Delta^T A / m, not A^T Delta / m. See 07, 'What the batch dimension does to each formula'."
)
BATCHED_OWN_ACTIVATION = N_(
    "your weight slopes multiply each layer's delta by that layer's own output: a weight of layer l multiplies "
    "the activation coming in, A_l (X for layer 0). See 07, 'What the batch dimension does to each formula'."
)
BATCHED_Z_FOR_A = N_(
    "your weight slopes use the weighted inputs Z of the layer below where its activations A = sigma(Z) belong: "
    "a weight multiplies the activation coming in. See 04, 'Hidden weight slopes, and a check of everything'."
)
BATCHED_CALLS_FORBIDDEN = N_(
    "your function called {name}, which computes slopes: this exercise is to write them. Use numpy, "
    "bplib.forward and bplib.get_activation only (the checker watches what your function calls)."
)

# --- 06: predict where the slopes vanish ---

PREDICTION_TITLE = N_("06 · predict where the slopes vanish")
PREDICTION_NOT_DONE = N_("not done yet: replace each ... with your prediction (a number) and run the cell again.")
PREDICTION_NOT_A_NUMBER = N_("{name} must be a number, your prediction; it is a {type}.")
PREDICTION_NOT_FINITE = N_("{name} must be a finite number, your prediction; it is infinite or NaN.")
PREDICTION_NOT_A_LAYER = N_(
    "{name} must be a layer's number, a whole number from 0 (the first) to {last} (the output)."
)
PREDICTION_MEASURED: Plural = (
    N_(
        "Measured on {count} network like the notebook's (before training): the smallest weight slopes are layer "
        "{layers}'s, {low:,.0f} times smaller than the output layer's."
    ),
    N_(
        "Measured on {count} networks like the notebook's (before training, the first of them the one measured "
        "below): the smallest weight slopes are layer {layers}'s, {low:,.0f} to {high:,.0f} times smaller than the "
        "output layer's."
    ),
)
PREDICTION_LAYER_RIGHT = N_("Your layer {layer}: right.")
PREDICTION_LAYER_WRONG = N_(
    "Your layer {layer}: not the smallest. BP2 multiplies in one sigma' (at most 1/4) for each layer on the way "
    "back, so the layer furthest from the output collects the most factors. See 06, 'Vanishing gradients'."
)
PREDICTION_RATIO_CLOSE = N_("Your {times:,g} times: within a factor of 3 of what was measured.")
PREDICTION_RATIO_BELOW_ONE = N_(
    "Your {times:,g} times says the smallest slopes would be as large as the output layer's or larger: each layer "
    "back multiplies them by a sigma' of at most 1/4. See 06, 'Vanishing gradients'."
)
PREDICTION_RATIO_LOW = N_(
    "Your {times:,g} times is {factor:,.0f} times too small: five sigma' factors stand between the output layer "
    "and layer 0, each at most 1/4, which gives at least {floor:,.0f} from them alone, and sigma' is below 1/4 "
    "wherever z is not 0. See 06, 'Vanishing gradients'."
)
PREDICTION_RATIO_HIGH = N_(
    "Your {times:,g} times is {factor:,.0f} times too large: each sigma' is at most 1/4 but not far below it "
    "here (the weighted inputs start near 1 in size), and the weights pass a delta back at about its own size, "
    "so five layers shrink it by thousands, not more. See 06, 'Why the weights start random, and how large'."
)


# --- engine ---------------------------------------------------------------------------------------------------

SAMPLE_LEFT_OUT = N_(
    "on case {case} sample {row} (x[{row}], y[{row}]) never went through sample_gradients, so your slopes leave it "
    "out: every sample has its part in the answer. Loop over all of them, for i in range(len(x))."
)
NOT_SAMPLE_BY_SAMPLE = N_(
    "your numbers are right, but not every sample went through sample_gradients: the exercise is to build them "
    "from sample_gradients(x[i], y[i]), one sample at a time, not from the network behind it."
)
# --- 09 ---

SOFTMAX_DELTA_TITLE = N_("09 · softmax delta")
SOFTMAX_DELTA_SHAPE = N_("The output delta has one entry per output, the shape of z.")
SOFTMAX_FORGOT_Y = N_(
    "you returned p, the softmax's outputs: the term with the Kronecker delta, -y_j, is missing. In the sum "
    "over i, the i = j term of p_i (delta_ij - p_j) (-y_i / p_i) is what gives -y_j. See 09, 'The softmax's Jacobian'."
)
SOFTMAX_ONE_HOT_ONLY = N_(
    "you subtracted 1 at the largest desired output: that equals p - y only when y is one-hot. Where y is a "
    "spread of probabilities (a soft target), every y_j counts: the delta is p - y. See 09, 'The softmax's Jacobian'."
)
SOFTMAX_DIAGONAL_ONLY = N_(
    "you kept only the diagonal of the Jacobian, p_j (1 - p_j), as for an element-wise activation: every p_i "
    "depends on z_j, so dC/dz_j sums over all i, and the off-diagonal terms add p_j sum_i y_i. "
    "See 09, 'The softmax's Jacobian'."
)
SOFTMAX_NO_JACOBIAN = N_(
    "you returned dC/dp = -y / p, the cost's slope with respect to the outputs p: the delta is dC/dz, one step "
    "further back, through the softmax's Jacobian. See 09, 'The softmax's Jacobian'."
)
SOFTMAX_FLIPPED_SIGN = N_(
    "your delta has the wrong sign: raising z_j raises p_j, which raises the cost where p_j is above y_j, so "
    "delta_j has the sign of p_j - y_j. See 09, 'The categorical cross-entropy'."
)
SOFTMAX_RELU_SLOPE = N_(
    "you multiplied by relu'(z), as the series' script does (S12): the output layer applies the softmax, not a "
    "ReLU, and the softmax's Jacobian is already inside p - y. See 09, 'S12: a ReLU slope on the softmax layer'."
)
SOFTMAX_OVER_N = N_(
    "you divided by the number of outputs, as the series' script does (S13): the cost is a sum over the "
    "outputs, not a mean, so nothing is divided. See 09, 'S13: the delta divided by the number of outputs'."
)
SOFTMAX_AS_WRITTEN = N_(
    "your delta is the series' script's, relu'(z) (p - y) / n: two slips at once (S12 and S13). "
    "See 09, 'S12: a ReLU slope on the softmax layer'."
)
SOFTMAX_SIGMOID_SLOPE = N_(
    "you multiplied p - y by p (1 - p), as if each output were a sigmoid of its own z with the quadratic cost: "
    "the softmax couples its outputs, and with the categorical cross-entropy no slope factor is left. "
    "See 09, 'The softmax's Jacobian'."
)
SOFTMAX_BINARY_SLOPE = N_(
    "your delta is the slope of the binary cross-entropy of the softmax's outputs, the cost the series' script "
    "prints (S14): the softmax pairs with the categorical cross-entropy, -sum y ln p, whose delta is simpler. "
    "See 09, 'S14: the cost it prints is the binary cross-entropy'."
)
SOFTMAX_Z_FOR_P = N_("you used z where p belongs: p = softmax(z). See 09, 'The softmax's Jacobian'.")
SOFTMAX_COST_NOT_SLOPE = N_(
    "you returned the cost's terms, -y ln p, not its slopes. See 09, 'The categorical cross-entropy'."
)
SOFTMAX_CONFIRM = N_("Largest relative error against centred nudges of the categorical cross-entropy: {error:.0e}.")
# --- 04: the ratio prediction, and a weight used twice ----------------------------------------------------------

RATIO_TITLE = N_("04 · predict the ratio")
RATIO_NONE = N_("not done yet: my_ratio is None. Write the number you expect in place of the ..., then run the cell.")
RATIO_ONE_NUMBER = N_(
    "One number is asked for: the article's slope of hidden bias 1 divided by the true slope of that bias."
)
RATIO_CONFIRM = N_(
    "a good prediction. The article's slope of hidden bias 1 is {article:.6f} and the true one {true:.6f} (the "
    "nudges agree with it to {nudge_error:.0e}): the ratio is {ratio:.6f}, and your {prediction:.6g} is off it by "
    "{off:.2g} %. The next cells show where it comes from."  # not "% off": gettext would read "% o" as %o
)
RATIO_ARTICLE_RIGHT = N_(
    "you predict that the article is right, a ratio of 1. The nudges will disagree: the article's dot product is "
    "the slope with respect to a1[1], and the bias moves z0[1], one link of the chain further back. "
    "See 04, 'The missing factor'."
)
RATIO_UPSIDE_DOWN = N_(
    "your number is the ratio upside down, true slope over the article's: the article's slope is the larger one, "
    "since the link it leaves out, sigma'(z0[1]), is smaller than 1. See 04, 'The missing factor'."
)
RATIO_SIGMA_NOT_SLOPE = N_(
    "your number is 1 / sigma(z0[1]): the link the article leaves out is the sigmoid's slope sigma'(z0[1]) = "
    "a1[1] (1 - a1[1]), not sigma itself. See 04, 'The missing factor'."
)
RATIO_Z_FOR_A = N_(
    "your number is 1 / (z (1 - z)) at z0[1]: the sigmoid's slope is a (1 - a), with a = sigma(z). "
    "See 04, 'The missing factor'."
)
RATIO_FLIPPED_SIGN = N_(
    "your ratio is negative: the link the article leaves out, sigma'(z0[1]), is positive, so both slopes have "
    "the same sign. See 04, 'The missing factor'."
)
RATIO_NOT_POSITIVE = N_(
    "the ratio is {ratio:.4f}, and your {got:.4g} is not even positive: both slopes have the same sign, since the "
    "link the article leaves out, a slope of the sigmoid, is positive. See 04, 'The missing factor'."
)
RATIO_BELOW_ONE = N_(
    "the ratio is {ratio:.4f}: the article's slope is the larger one, where your {got:.4g} makes it the smaller. "
    "The link it leaves out is a slope of the sigmoid, and that is never more than 1/4. "
    "See 04, 'The missing factor'."
)
RATIO_TOO_SMALL = N_(
    "the ratio is {ratio:.4f}: your {got:.4g} has the right direction (the article's slope is too large) but not "
    "the size. How large can the link it leaves out, a slope of the sigmoid, be? See 04, 'The missing factor'."
)
RATIO_TOO_LARGE = N_(
    "the ratio is {ratio:.4f}, smaller than your {got:.4g}: the right direction (the article's slope is too "
    "large), but the link the article leaves out, a slope of the sigmoid, is not as small as your number makes "
    "it. Which sigmoid slope is it? See 04, 'The missing factor'."
)
SHARED_TITLE = N_("04 · a weight used twice")
SHARED_ONE_NUMBER = N_("The slope of one weight is one number, dC/dw: the slopes of its two uses added.")
SHARED_ONLY_LAYER_1 = N_(
    "you counted only the use of w in layer 1 (delta1 a1): w is used in layer 0 too, and where paths meet their "
    "slopes add. (Code that assigns each use's slope instead of adding it keeps only one.) "
    "See 04, 'Where paths meet, slopes add: a nudge shows it'."
)
SHARED_ONLY_LAYER_0 = N_(
    "you counted only the use of w in layer 0 (delta0 x): w is used in layer 1 too, and where paths meet their "
    "slopes add. (Code that assigns each use's slope instead of adding it keeps only the last.) "
    "See 04, 'Where paths meet, slopes add: a nudge shows it'."
)
SHARED_AVERAGED = N_(
    "you averaged the two uses' slopes: a nudge of w moves both uses at once, so the loss changes by both "
    "changes together. Add them. See 04, 'Where paths meet, slopes add: a nudge shows it'."
)
SHARED_NO_W_BACK = N_(
    "the slope of the use in layer 0 lacks a factor w: the way back from z1 to a1 runs through layer 1's use of "
    "w, so delta0 = w delta1 sigma'(z0). See 04, 'The missing factor'."
)
SHARED_MISSING_FACTOR = N_(
    "the slope of the use in layer 0 lacks sigma'(z0): w delta1 is the slope with respect to a1, and the use in "
    "layer 0 moves z0, one link further back. See 04, 'The missing factor'."
)
SHARED_FLIPPED_SIGN = N_(
    "your slope has the wrong sign: cost_derivative(desired, a) = a2 - y, not y - a2. "
    "See 02, 'The sign of cost_derivative'."
)
SHARED_CONFIRM = N_("Largest relative error against a centred nudge of w, which moves both of its uses: {error:.0e}.")
# --- 01: partial slope ---

PARTIAL_SLOPE_TITLE = N_("01 · partial slope")
PARTIAL_IS_A_NUMBER = N_("A partial slope is one number: how fast f changes as input i alone moves.")
PARTIAL_ALL_INPUTS = N_(
    "you nudged every input at once (inputs + h): that is the slope along a diagonal, not along input i. Nudge "
    "input i alone and hold the others where they are. See 01, 'Every slope by brute force'."
)
PARTIAL_ALIASED = N_(
    "your two nudged inputs are one array: up = inputs does not copy in numpy, so the - h lands on the same "
    "numbers as the + h (your slope is 0, or half the one-sided one). Make each nudged vector a copy "
    "(inputs.copy()), or add a step vector: inputs + step. See 01, 'Nudge one bias'."
)
PARTIAL_FORWARD = N_(
    "this is the one-sided (forward) slope along input i; the centred one is asked for: (f(inputs + h e_i) - "
    "f(inputs - h e_i)) / 2h. See 01, 'How small should h be?'."
)
PARTIAL_WRONG_INPUT = N_(
    "you nudged a different input than i (input 0, or i + 1, or i - 1): positions count from 0, and input i is "
    "inputs[i]. See 01, 'Nudge one bias'."
)
PARTIAL_CALLS_LIBRARY = N_(
    "your function calls {name}: this exercise asks you to write the nudge yourself, with f and numpy only. "
    "See 01, 'Every slope by brute force'."
)
PARTIAL_CONFIRM = N_(
    "With the cases' steps h ({steps}) it is within {error:.0e} of the exact partial slope of each function "
    "(from its formula): the centred nudge's own error at these steps."
)

# --- 02: sigmoid slope, graph slopes ---

SIGMOID_SLOPE_TITLE = N_("02 · sigmoid slope")
SIGMOID_SHAPE = N_("The slope is taken entry by entry: one number per entry of z, so the answer has the shape of z.")
SIGMOID_STORED_A = N_(
    "your function reads a, the activations the notebook stored for one layer: the slope must come from the z it "
    "is given. Compute sigma(z) from z inside your function. See 02, 'Follow one nudge through the layer'."
)
SIGMOID_CALLS_LIBRARY = N_(
    "your function calls {name}, which computes the slope (or nudges) for you: derive sigma'(z) from sigma(z) = "
    "1 / (1 + e^-z) and compute it with numpy. See 02, 'Follow one nudge through the layer'."
)
SIGMOID_SIGMA_NOT_SLOPE = N_(
    "you returned sigma(z) itself, not its slope. Differentiate 1 / (1 + e^-z) with respect to z. "
    "See 02, 'Follow one nudge through the layer'."
)
SIGMOID_Z_FOR_SIGMA = N_(
    "you returned z (1 - z): the slope is sigma(z) (1 - sigma(z)), with sigma(z) = 1 / (1 + e^-z), not z. "
    "See 02, 'Follow one nudge through the layer'."
)
SIGMOID_LOST_MINUS = N_(
    "your slope has the wrong sign: the sigmoid rises everywhere, so its slope is positive. Two minus signs meet "
    "in the derivation, one from the power -1, one from the slope of e^-z, which is -e^-z. "
    "See 02, 'Follow one nudge through the layer'."
)
SIGMOID_NO_INNER_SLOPE = N_(
    "you differentiated (1 + e^-z)^-1 as a power but stopped there: the chain rule asks for the slope of the "
    "inside, 1 + e^-z, as well, which is -e^-z. See 02, 'Follow one nudge through the layer'."
)
SIGMOID_TANH_FORM = N_(
    "1 - sigma(z)² is the form of tanh's slope (1 - tanh²), not the sigmoid's: derive it from 1 / (1 + e^-z). "
    "See 02, 'Follow one nudge through the layer'."
)
SIGMOID_OVERFLOW = N_(
    "your formula is right, but it gives NaN at the large z of the cases: e^z or e^-z overflows to inf above "
    "|z| = 709, and inf / inf is NaN. Rewrite it in terms of sigma(z), where the exponential sits only in a "
    "denominator: sigma(z) = 1 / (1 + e^-z) is 0 or 1 there, never NaN. See 02, 'Follow one nudge through the "
    "layer'."
)
SIGMOID_CONFIRM = N_(
    "Largest relative error against centred nudges of the sigmoid: {error:.0e}; and finite up to |z| = {largest:.0f}."
)
GRAPH_SLOPES_TITLE = N_("02 · graph slopes")
GRAPH_SHAPE = N_("Four numbers are asked for, in this order: (df_dx, df_dy, df_dz, df_dq).")
GRAPH_NO_CHAIN = N_(
    "df_dx and df_dy are 1, the local slopes of the + node: you stopped there. Multiply by the slope that "
    "arrives at q from above, df_dq = z. See 02, 'The same chain as a picture'."
)
GRAPH_SWAPPED = N_(
    "the multiply node's slopes are swapped: in f = q z, the slope with respect to q is the other input, z, and "
    "with respect to z it is q. See 02, 'The same chain as a picture'."
)
GRAPH_VALUES = N_(
    "you returned the values of the nodes (x, y, z, q), which go above the nodes; the slopes of f go below. "
    "See 02, 'The same chain as a picture'."
)
GRAPH_OWN_VALUES = N_(
    "you multiplied each input by z, its own value times the slope: the slope of f with respect to x is "
    "df_dq times the local slope of q = x + y, which is 1. See 02, 'The same chain as a picture'."
)
GRAPH_CALLS_LIBRARY = N_(
    "your function calls {name}: work the slopes out by hand, local slope times the slope arriving from above. "
    "See 02, 'The same chain as a picture'."
)
GRAPH_CONFIRM = N_("Largest relative error against centred nudges of f: {error:.0e}.")
# --- 03: the weight slopes of a batch, one matrix product ---
WEIGHTS_BATCH_TITLE = N_("03 · weight slopes of a batch, one matrix product")
WEIGHTS_BATCH_SHAPE = N_(
    "The slopes have the shape of the weights, (number of outputs, number of inputs), however many samples there "
    "are: deltas is (samples, outputs), inputs is (samples, inputs). See 03, 'Which way round? Let the shapes "
    "decide'."
)
WEIGHTS_BATCH_TRANSPOSED = N_(
    "your matrix is transposed, (inputs, outputs): that is inputs.T @ deltas. The weights have shape (outputs, "
    "inputs), so the outputs come first: deltas.T @ inputs. See 03, 'Which way round? Let the shapes decide'."
)
WEIGHTS_BATCH_SAMPLES_PAIRED = N_(
    "deltas @ inputs.T pairs samples with samples: its entry [s, t] is sample s's delta times sample t's input, "
    "summed over the outputs and inputs as if they were one axis. A weight's slope pairs output i with input k and "
    "adds over the samples, so the samples' axis is the one the product must add over: deltas.T @ inputs. "
    "See 03, 'Which way round? Let the shapes decide'."
)
WEIGHTS_BATCH_UNTRANSPOSED = N_(
    "deltas @ inputs adds the outputs of each delta against the samples of inputs (it runs only when there are as "
    "many outputs as samples). Transpose deltas, so that the product adds over the samples: deltas.T @ inputs. "
    "See 03, 'Which way round? Let the shapes decide'."
)
WEIGHTS_BATCH_MEAN = N_(
    "you divided by the number of samples: that is the slope of the mean loss, which training uses (notebook 06). "
    "Asked here is the slope of the total loss, the plain sum of the samples' outer products. "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_SUMMED_FIRST = N_(
    "you added the deltas and the inputs first and took one outer product of the sums: (δ₀ + δ₁)(x₀ + x₁)ᵀ holds "
    "the cross terms δ₀x₁ᵀ + δ₁x₀ᵀ, one sample's delta times another sample's input, which no loss contains. "
    "Each sample's slopes are its own outer product; add those. See 03, 'The same thing as one matrix product'."
)
WEIGHTS_BATCH_FIRST = N_(
    "only the first sample's outer product: every sample's loss is in the total, so every sample's outer product "
    "is in its slope. See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_FIRST_TWO = N_(
    "right for two samples, but the later cases have three and four samples and your answer leaves out all but the "
    "first two: one matrix product adds every row, however many there are. "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_LOOPS = N_(
    "the right numbers, from a loop over the samples: the exercise asks for one matrix product of deltas and "
    "inputs, with no loop (the matrix product is the loop, done by numpy; notebook 07 times the difference). "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_CALLS_OUTER = N_(
    "the right numbers, from np.outer, one sample at a time: the exercise asks for one matrix product of deltas "
    "and inputs, which makes every sample's outer product and adds them in one step. "
    "See 03, 'Exercise 3 · A batch of samples: one matrix product'."
)
WEIGHTS_BATCH_CONFIRM = N_(
    "Largest relative error against centred nudges of the weights, the samples' losses added: {error:.0e}."
)
